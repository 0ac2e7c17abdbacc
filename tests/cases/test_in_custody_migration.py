"""Migration 0031 drops ``Detainer.in_custody`` and redefines the board entries' triggers without
it: the board is the same before and after, both ways, and the triggers still follow writes."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from cases.custody.services import case_release
from cases.models import BoardEntry, CustodyCase
from tests.factories import AgencyFactory, CustodyCaseFactory, DecisionFactory, DetainerFactory, UserFactory
from tests.migrating import migrate

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = ("cases", "0030_drop_old_board_indexes")
AFTER = ("cases", "0031_drop_detainer_in_custody")


def board() -> dict[int, tuple]:
    return {e.detainer_id: (e.kind, e.deadline) for e in BoardEntry.objects.all()}


def in_custody_flags() -> dict[int, bool]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, in_custody FROM cases_detainer")
        return dict(cursor.fetchall())


def test_the_board_is_the_same_both_ways_and_the_triggers_follow_writes():
    agency = AgencyFactory()
    officer = UserFactory(agency=agency, roles=["Desk officer"])
    soon = timezone.now() + dt.timedelta(hours=5)
    staying = DetainerFactory(case=CustodyCaseFactory(person__agency=agency, releasable_at=soon))
    released = DetainerFactory(case=CustodyCaseFactory(person__agency=agency, releasable_at=soon))
    open_one = DetainerFactory(case=CustodyCaseFactory(person__agency=agency, releasable_at=None))
    for detainer in (staying, released):
        DecisionFactory(detainer=detainer, recorded_by=officer)
    case_release(case=released.case, at=timezone.now(), reason="Bond posted.", acting_user=officer)
    before = board()
    assert before == {staying.pk: ("release", soon), open_one.pk: ("missing", None)}
    try:
        migrate(BEFORE)
        # the column is back, false for the detainer of the closed booking as 0028 set it
        assert in_custody_flags() == {staying.pk: True, released.pk: False, open_one.pk: True}
        assert board() == before
        migrate(AFTER)
    finally:
        migrate()
    assert board() == before
    later = soon + dt.timedelta(hours=1)
    CustodyCase.objects.filter(pk=open_one.case_id).update(releasable_at=later)  # a bulk update
    assert board()[open_one.pk] == ("decision", later)
    case_release(case=staying.case, at=timezone.now(), reason="Bond posted.", acting_user=officer)
    assert staying.pk not in board()
