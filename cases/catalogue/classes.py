"""A conviction's felony class, for display.

The look-up itself is the rule engine's (``cases.rules.catalogue.Catalogue.felony_class``,
with the conviction's participation and offense date), on the database's catalogue
(``cases.catalogue.provider``, the one builder and cache): this module only words the
engine's finding for a desk officer, with the catalogue row the engine used and its
confidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cases.catalogue.provider import catalogue_of, current_catalogue
from cases.models import Conviction, FelonyClass
from cases.rules.catalogue import Catalogue, normalise_statute, normalise_subdivision

NEEDS_REVIEW = "needs review"


@dataclass(frozen=True)
class ClassResolution:
    """What the page shows about one conviction's class."""

    felony_class: str | None  # "A".."E", "unclassified", "misdemeanor"; None when unknown
    confidence: str  # "high", "medium", "low", "entered by hand" or ""
    title: str  # the catalogue row's title, when the engine used one
    explanation: str  # why, in the engine's words (or the hand-entry reason)
    label: str  # one line for the page, e.g. "Class B (catalogue, high confidence)"
    needs_review: bool = False
    needs_victim_age: bool = False


def class_name(felony_class: str) -> str:
    if felony_class in ("A", "B", "C", "D", "E"):
        return f"Class {felony_class}"
    try:
        return FelonyClass(felony_class).label
    except ValueError:
        return felony_class


def resolve_class(conviction: Conviction, catalogue: Catalogue) -> ClassResolution:
    """The conviction's class: entered by hand (with its reason), or from the catalogue."""
    if conviction.felony_class_override:
        return _hand_entered(conviction)
    statute = normalise_statute(conviction.statute)
    subdivision = normalise_subdivision(conviction.subdivision)
    finding = catalogue.felony_class(
        statute,
        subdivision,
        conviction.victim_age,
        offense_date=conviction.offense_date,
        participation=conviction.participation or "principal",
    )
    row = _row_named_in(finding.basis, catalogue, statute)
    if finding.classes is not None and len(finding.classes) == 1:  # known, and one class
        return _from_catalogue(next(iter(finding.classes)), row, finding.basis)
    return _unknown(finding, row, catalogue, statute)


def _hand_entered(conviction: Conviction) -> ClassResolution:
    name = class_name(conviction.felony_class_override)
    reason = conviction.override_reason
    return ClassResolution(
        felony_class=conviction.felony_class_override,
        confidence="entered by hand",
        title="",
        explanation=f"Entered by hand: {reason}",
        label=f"{name} (entered by hand)",
    )


def _from_catalogue(felony_class: str, row, basis: str) -> ClassResolution:
    confidence = row.confidence if row else ""
    detail = f"catalogue, {confidence} confidence" if confidence else "catalogue"
    return ClassResolution(
        felony_class=felony_class,
        confidence=confidence,
        title=row.title if row else "",
        explanation=_sentence(basis),
        label=f"{class_name(felony_class)} ({detail})",
    )


def _unknown(finding, row, catalogue: Catalogue, statute: str) -> ClassResolution:
    common: dict[str, Any] = {
        "felony_class": None,
        "explanation": _sentence(finding.basis),
        "needs_review": True,
    }
    if finding.needs_victim_age:
        possible = " or ".join(sorted(finding.classes)) if finding.classes else ""
        label = "Depends on the victim's age — enter it" + (f" (class {possible})" if possible else "")
        return ClassResolution(confidence="", title="", label=label, needs_victim_age=True, **common)
    if row is not None:
        why = "is low confidence" if row.confidence == "low" else f"is of {row.confidence or 'no'} confidence"
        if row.felony_class is None:
            why = "has no class the rules know"
        return ClassResolution(
            confidence=row.confidence,
            title=row.title,
            label=f"Unknown: catalogue row {why} — {NEEDS_REVIEW}",
            **common,
        )
    if not any(r.statute == statute for r in catalogue.offenses):
        return ClassResolution(
            confidence="", title="", label=f"Unknown: no catalogue row — {NEEDS_REVIEW}", **common
        )
    return ClassResolution(
        confidence="", title="", label=f"Unknown: no single catalogue row fits — {NEEDS_REVIEW}", **common
    )


def _row_named_in(basis: str, catalogue: Catalogue, statute: str):
    """The catalogue row the engine's finding names (the longest label that appears in it)."""
    named = [r for r in catalogue.offenses if r.statute == statute and r.label() in basis]
    return max(named, key=lambda r: len(r.label()), default=None)


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")) if text else ""


def resolve_classes(convictions) -> list[tuple[Conviction, ClassResolution]]:
    """Pair each conviction with its class; no catalogue is needed when there is none."""
    convictions = list(convictions)
    if not convictions:
        return []
    first = convictions[0]
    catalogue = catalogue_of(first) if hasattr(first, "catalogue_offenses") else current_catalogue()
    return [(c, resolve_class(c, catalogue)) for c in convictions]
