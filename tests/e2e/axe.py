"""axe-core (npm devDependency) run in the browser tests: no serious or critical violation.

axe.min.js is injected from node_modules with Playwright's add_script_tag(path=...). The
app's CSP allows no inline script, so the pages checked are opened in a context made with
``bypass_csp=True`` (``axe_context``): only the test's own script is let in."""

from pathlib import Path

from django.conf import settings

AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [" ".join(n["target"]) for n in v["nodes"][:3]]
        lines.append(f"{v['impact']} {v['id']}: {v['help']} at {targets}")
    return "\n".join(lines)


def assert_accessible(page, where: str = "") -> None:
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page)
    assert not violations, f"axe on {where or page.url}:\n{_describe(violations)}"
