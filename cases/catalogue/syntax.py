"""Reading statute numbers, subdivisions and catalogue conditions typed by people (forms,
CSV imports): the rule engine's one syntax (``cases.rules.catalogue``), with a plain-words
refusal (ValueError) for text that is not of that shape."""

from cases.rules.catalogue import (
    SUBDIVISION_RE,
    normalise_subdivision,
    parse_condition,
    statute_number,
)

STATUTE_MESSAGE = "Enter a Connecticut statute like 53a-55 or 53-21 (title-section, no §)."
SUBDIVISION_MESSAGE = "Enter a subdivision like a1 or a2 (letters and digits, no brackets): (a)(1) is a1."
CONDITION_MESSAGE = (
    "A condition looks like victim_age<16 (or <=, >, >=), or a named fact such as "
    "serious_physical_injury; or leave it empty."
)


def parse_statute(value: object) -> str:
    """' § 53A-59 ' -> '53a-59'. ValueError when it is not a statute's shape."""
    statute = statute_number("" if value is None else str(value))
    if statute is None:
        raise ValueError(STATUTE_MESSAGE)
    return statute


def parse_subdivision(value: object) -> str:
    """'(a)(1)' -> 'a1'; '' stays ''. ValueError when it is not a subdivision's shape."""
    subdivision = normalise_subdivision(value) or ""
    if subdivision and not SUBDIVISION_RE.match(subdivision):
        raise ValueError(SUBDIVISION_MESSAGE)
    return subdivision


def parse_condition_text(value: object) -> str:
    """'victim_age < 16' -> 'victim_age<16'; a named fact stays as it is; '' stays ''."""
    condition = parse_condition(value)
    if condition is None:
        return ""
    if condition.kind == "unreadable":
        raise ValueError(CONDITION_MESSAGE)
    if condition.kind == "victim_age":
        return f"victim_age{'=' if condition.op == '==' else condition.op}{condition.value}"
    return condition.text
