"""Merging a duplicate person into the person kept (agency admins only).

Decision: the duplicate is **deleted**, not kept as a tombstone. Everything that pointed at
it (bookings, convictions) moves to the kept person first, in the same transaction, so the
guidance sees one criminal history. A tombstone would have to be hidden from every search,
list, import match and access helper; deleting it leaves nothing to hide. The evidence
stays: the audit trail (insert-only) holds a "merged away" event under the duplicate's id,
with every field it had, and a "merge" event under the kept person listing what moved; the
duplicate's saved versions (django-simple-history) remain, ending with its deletion.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import model_to_dict

from cases.audit_actions import CaseAction as A
from cases.models import Conviction, CustodyCase, Person
from trustportal.accounts.roles import Cap, user_can
from trustportal.audit.services import audit_record
from trustportal.common.services import save_valid

IDENTIFIERS = ("a_number", "state_id", "fbi_number")
IDENTIFIER_WORDS = {"a_number": "A-numbers", "state_id": "State IDs", "fbi_number": "FBI numbers"}
FILLED_IF_EMPTY = (*IDENTIFIERS, "middle_name", "citizenship")
SNAPSHOT = (
    "last_name", "first_name", "middle_name", "aliases", "date_of_birth", "sex", "citizenship",
    "state_id", "fbi_number", "a_number",
)  # fmt: skip


def _conflicts(keep: Person, duplicate: Person) -> list[str]:
    return [
        IDENTIFIER_WORDS[f]
        for f in IDENTIFIERS
        if getattr(keep, f) and getattr(duplicate, f) and getattr(keep, f) != getattr(duplicate, f)
    ]


def _merged_aliases(keep: Person, duplicate: Person) -> str:
    names = keep.alias_list
    known = {n.casefold() for n in [*names, f"{keep.first_name} {keep.last_name}"]}
    for name in [f"{duplicate.first_name} {duplicate.last_name}", *duplicate.alias_list]:
        if name.casefold() not in known:
            names.append(name)
            known.add(name.casefold())
    return "\n".join(names)


@transaction.atomic
def person_merge(*, keep: Person, duplicate: Person, reason: str, acting_user) -> Person:
    """Move the duplicate's bookings and convictions to ``keep``, fill ``keep``'s empty
    identifiers from it, keep its name as an alias, and delete it. Refused across agencies,
    for the same person twice, or when both have different identifiers of one kind."""
    if not user_can(acting_user, Cap.MERGE_PEOPLE):
        raise PermissionDenied("Only an agency admin may merge people.")
    keep = Person.objects.select_for_update().get(pk=keep.pk)
    duplicate = Person.objects.select_for_update().get(pk=duplicate.pk)
    if keep.agency_id != acting_user.agency_id or duplicate.agency_id != keep.agency_id:
        raise ValidationError("Only two people recorded in your agency can be merged.")
    if keep.pk == duplicate.pk:
        raise ValidationError("Choose two different people to merge.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why these records are the same person."})
    conflicts = _conflicts(keep, duplicate)
    if conflicts:
        raise ValidationError(
            f"The two records have different {', '.join(conflicts)}: they may be two people. "
            "Correct the wrong record first."
        )
    snapshot = {k: str(v) for k, v in model_to_dict(duplicate, fields=SNAPSHOT).items()}
    moved_cases = _move(CustodyCase.objects.filter(person=duplicate), keep)
    moved_convictions = _move(Conviction.objects.filter(person=duplicate), keep)
    filled = {
        f: getattr(duplicate, f) for f in FILLED_IF_EMPTY if not getattr(keep, f) and getattr(duplicate, f)
    }
    aliases = _merged_aliases(keep, duplicate)
    audit_record(
        action=A.PERSON_MERGED_AWAY,
        acting_user=acting_user,
        obj=duplicate,
        agency=keep.agency,
        details={"into": keep.pk, "record": snapshot, "reason": reason.strip()},
    )
    duplicate_pk = duplicate.pk
    duplicate.delete()  # first: its A-number may move to the kept person (unique per agency)
    for field, value in filled.items():
        setattr(keep, field, value)
    changed_aliases = aliases != keep.aliases
    keep.aliases = aliases
    save_valid(keep)
    audit_record(
        action=A.PERSON_MERGE,
        acting_user=acting_user,
        obj=keep,
        agency=keep.agency,
        details={
            "merged": duplicate_pk,
            "cases": moved_cases,
            "convictions": moved_convictions,
            "filled": filled,
            "aliases_added": changed_aliases,
            "reason": reason.strip(),
        },
    )
    return keep


def _move(queryset, keep: Person) -> list[int]:
    """Point every row at the kept person, through save() so each row's history shows it."""
    moved = []
    for row in queryset.select_for_update().order_by("pk"):
        row.person = keep
        row.save(update_fields=["person"])
        moved.append(row.pk)
    return moved
