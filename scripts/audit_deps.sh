#!/usr/bin/env bash
# Check the locked dependencies against published vulnerability advisories:
#   Python: pip-audit over requirements.txt (the runtime lock; pins and hashes are read as
#           they are, nothing is installed or resolved), PyPI's advisory data;
#   npm:    npm audit --omit=dev over package-lock.json, the npm registry's advisories.
# Exit 0: nothing found, or an advisory service could not be reached (then it prints
# "dependency audit skipped: advisory service unreachable" and says which one).
# Exit 1: a known vulnerability in a locked package (listed). Exit 2: the audit itself failed.
# scripts/test.sh runs it as a warning; TRUSTPORTAL_AUDIT_STRICT=1 makes findings fail there.
set -euo pipefail
cd "$(dirname "$0")/.."

PIP_AUDIT=${PIP_AUDIT:-.venv/bin/pip-audit}
NPM=${NPM:-npm}
PYTHON=${AUDIT_PYTHON:-.venv/bin/python}
[ -x "$PIP_AUDIT" ] || bash scripts/bootstrap.sh test >&2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Both tools exit non-zero for findings and for errors alike: the JSON tells them apart.
"$PIP_AUDIT" --requirement requirements.txt --require-hashes --disable-pip \
  --progress-spinner off --format json --output "$tmp/pip.json" >/dev/null 2>"$tmp/pip.err" \
  && echo 0 >"$tmp/pip.rc" || echo $? >"$tmp/pip.rc"
"$NPM" audit --omit=dev --json --fetch-retries=1 >"$tmp/npm.json" 2>"$tmp/npm.err" \
  && echo 0 >"$tmp/npm.rc" || echo $? >"$tmp/npm.rc"

"$PYTHON" - "$tmp" <<'EOF'
import json
import re
import sys
from pathlib import Path

tmp = Path(sys.argv[1])
UNREACHABLE = "dependency audit skipped: advisory service unreachable"
NETWORK = re.compile(
    r"ConnectionError|NameResolutionError|Max retries exceeded|ServiceError|timed out|Timeout|"
    r"ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|audit endpoint returned an error",
    re.IGNORECASE,
)


def load(name):
    try:
        return json.loads((tmp / name).read_text())
    except (OSError, ValueError):
        return None


def tail(name, lines=5):
    text = (tmp / name).read_text(errors="replace").splitlines()
    text = [line for line in text if "is ignored: it is neither a file nor a directory" not in line]
    return "\n".join(text[-lines:])


findings = broken = 0

# --- Python (pip-audit) -------------------------------------------------------------------
pip = load("pip.json")
if pip is None:
    err = tail("pip.err")
    if NETWORK.search(err):
        print(f"{UNREACHABLE} (Python: pip-audit could not reach PyPI's advisory data)")
    else:
        print(f"Python: pip-audit failed (exit {tail('pip.rc', 1)}):\n{err}")
        broken += 1
else:
    deps = pip.get("dependencies", [])
    audited = [d for d in deps if "skip_reason" not in d]
    skipped = [d for d in deps if "skip_reason" in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    if deps and not audited:
        print(
            f"{UNREACHABLE} (Python: PyPI gave no advisory data for any of the {len(deps)} "
            f"locked packages: {skipped[0]['skip_reason']})"
        )
    else:
        for d in vulnerable:
            for v in d["vulns"]:
                fix = ", ".join(v.get("fix_versions") or []) or "no fixed version yet"
                aliases = ", ".join(v.get("aliases") or [])
                print(f"Python: {d['name']} {d['version']}: {v['id']}"
                      f"{f' ({aliases})' if aliases else ''}; fixed in {fix}")
                findings += 1
        if skipped:
            names = ", ".join(d["name"] for d in skipped)
            print(f"Python: {len(skipped)} package(s) could not be audited: {names}")
        print(f"Python: {len(audited)} locked packages audited, {len(vulnerable)} with known vulnerabilities")

# --- npm (npm audit) ------------------------------------------------------------------------
npm = load("npm.json")
if isinstance(npm, dict) and "vulnerabilities" in npm:
    for name, v in sorted(npm["vulnerabilities"].items()):
        titles = "; ".join(
            f"{via['title']} ({via.get('url', '')})" for via in v.get("via", []) if isinstance(via, dict)
        ) or "via " + ", ".join(str(via) for via in v.get("via", []))
        fix = v.get("fixAvailable")
        fix = "fix available" if fix else "no fix available"
        print(f"npm: {name} {v.get('range', '')} [{v.get('severity')}]: {titles}; {fix}")
        findings += 1
    total = npm.get("metadata", {}).get("dependencies", {}).get("prod", "?")
    print(f"npm: {total} production packages audited, {len(npm['vulnerabilities'])} with known vulnerabilities")
else:
    err = json.dumps(npm) if npm is not None else ""
    err += "\n" + tail("npm.err")
    status = npm.get("statusCode", "") if isinstance(npm, dict) else ""
    if status or NETWORK.search(err):
        print(f"{UNREACHABLE} (npm: the registry's audit endpoint answered {status or 'nothing usable'})")
    else:
        print(f"npm: npm audit failed (exit {tail('npm.rc', 1)}):\n{err.strip()}")
        broken += 1

if broken:
    sys.exit(2)
if findings:
    print(f"dependency audit: {findings} known vulnerabilit{'y' if findings == 1 else 'ies'} in locked packages")
    sys.exit(1)
EOF
