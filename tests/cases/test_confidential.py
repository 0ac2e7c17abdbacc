"""Confidential information ((a)(3)) never goes to ICE ((d)): every output bound for ICE, or
holding copies that may reach ICE, is rendered for a person whose every confidential field
is filled with a marker, and no marker may appear.

``ICE_BOUND_OUTPUTS`` lists them. A new print view or export must be added to it: the last
test fails for any print or export URL of the cases app that the list does not cover."""

import datetime as dt

import pytest
from django.db import models
from django.urls import get_resolver
from django.utils import timezone

from cases.ice import services as ice
from cases.models import CONFIDENTIAL_FIELDS, DecisionAction, DetainerNotice, NoticeKind, Person
from cases.models import IceAccess as IceAccessModel
from tests.factories import ConvictionFactory, CustodyCaseFactory, DecisionFactory, UserFactory

pytestmark = pytest.mark.django_db


def markers_for(person_fields) -> tuple[dict, list[str]]:
    """A value for every confidential field, and the texts that must never appear."""
    values, forbidden = {}, []
    for name in person_fields:
        field = Person._meta.get_field(name)
        if isinstance(field, models.BooleanField):
            values[name] = True
            forbidden.append(str(field.verbose_name))  # its label would give it away
        elif name == "ssn":
            values[name] = "987-65-4321"
            forbidden.append("987-65-4321")
        else:
            values[name] = f"MARKER-{name}"
            forbidden.append(values[name])
    return values, forbidden


@pytest.fixture
def world(agency, desk_officer):
    """A person with every confidential field set, a detainer, a permitted release notification
    to ICE (after the agency head's review), and so every kind of notice."""
    from cases.detainers.services import detainer_log

    values, forbidden = markers_for(CONFIDENTIAL_FIELDS)
    case = CustodyCaseFactory(
        person__agency=agency, person__last_name="Quintero", person__preferred_language="es",
        releasable_at=timezone.now() + dt.timedelta(hours=8),
        **{f"person__{k}": v for k, v in values.items()},
    )  # fmt: skip
    detainer = detainer_log(
        case=case,
        data={"received_at": timezone.now(), "issued_on": timezone.localdate(), "subject_id": "S-1"},
        acting_user=desk_officer,
    )
    ConvictionFactory(person=case.person, statute="53a-55")
    DecisionFactory(
        detainer=detainer, recorded_by=desk_officer, actions=[DecisionAction.NOTIFY], rationale="Class B."
    )
    head = UserFactory(agency=agency, roles=["Agency head"])
    ice.notification_request_review(
        review=detainer.notification_reviews.get(), outcome="answer", comments="Checked.", acting_user=head
    )
    access = ice.ice_access_record(
        case=case,
        detainer=detainer,
        data={"access_type": "B", "at": timezone.now(), "method": "phone", "staff_minutes": 5,
              "communication": "Release at 14:00."},
        acting_user=desk_officer,
    )  # fmt: skip
    from cases.ice import notices

    english = notices.notice_prepare(
        detainer=detainer,
        data={"kind": NoticeKind.DETAINER_RECEIVED, "recipient": "person", "language": "en"},
        acting_user=desk_officer,
    )
    return {"detainer": detainer, "access": access, "english": english, "forbidden": forbidden}


def _notice(world, kind, recipient, language=None):
    notices = DetainerNotice.objects.filter(detainer=world["detainer"], kind=kind, recipient=recipient)
    if language:
        notices = notices.filter(language=language)
    return notices.first().pk


# (what, URL name, the URL of the output in the world above)
ICE_BOUND_OUTPUTS = [
    ("notice of the detainer, Spanish", "notice_print",
     lambda w: f"/cases/notices/{_notice(w, NoticeKind.DETAINER_RECEIVED, 'person', 'es')}/print/"),
    ("notice of the detainer, English", "notice_print", lambda w: f"/cases/notices/{w['english'].pk}/print/"),
    ("copy of the release notification, person", "notice_print",
     lambda w: f"/cases/notices/{_notice(w, NoticeKind.RELEASE_NOTIFIED, 'person')}/print/"),
    ("copy of the release notification, attorney", "notice_print",
     lambda w: f"/cases/notices/{_notice(w, NoticeKind.RELEASE_NOTIFIED, 'attorney')}/print/"),
    ("print of the ICE access record", "ice_access_print",
     lambda w: f"/cases/ice-access/{w['access'].pk}/print/"),
    # Not marked for ICE (a staff list), checked all the same: it could be handed on.
    ("custody list CSV export", "custody_list", lambda w: "/cases/?format=csv"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("what", "url_name", "url"), ICE_BOUND_OUTPUTS, ids=[o[0] for o in ICE_BOUND_OUTPUTS]
)
def test_no_confidential_information_in_an_ice_bound_output(
    client, sign_in, desk_officer, world, what, url_name, url
):
    sign_in(desk_officer)
    response = client.get(url(world))
    assert response.status_code == 200, what
    body = b"".join(response.streaming_content) if response.streaming else response.content
    page = body.decode()
    assert "Quintero" in page  # the output is the real thing, about this person
    for forbidden in world["forbidden"]:
        assert forbidden.lower() not in page.lower(), f"{what} shows confidential information: {forbidden}"


def test_the_markers_would_be_seen_if_they_leaked(client, sign_in, desk_officer, world):
    """The check can fail: the person page (not ICE-bound) shows them to the desk."""
    sign_in(desk_officer)
    person = IceAccessModel.objects.get(pk=world["access"].pk).person
    page = client.get(f"/cases/people/{person.pk}/").content.decode()
    assert all(f.lower() in page.lower() for f in world["forbidden"])


def test_every_print_or_export_view_of_the_cases_app_is_checked_or_not_bound_for_ice():
    """A new print view or export is either ICE-bound (add it to ``ICE_BOUND_OUTPUTS``) or
    named here as staff-only, on purpose."""
    staff_only: set[str] = set()
    checked = {name for _what, name, _url in ICE_BOUND_OUTPUTS}
    cases_urls = get_resolver().url_patterns
    names = set()
    for pattern in cases_urls:
        for sub in getattr(pattern, "url_patterns", []):
            if getattr(pattern, "namespace", None) == "cases" and sub.name:
                names.add(sub.name)
    outputs = {n for n in names if any(word in n for word in ("print", "export", "csv", "pdf"))}
    assert outputs, "no print or export view found: the check looks in the wrong place"
    assert outputs <= checked | staff_only, (
        f"not checked for confidential information: {outputs - checked - staff_only}"
    )


def test_the_model_history_keeps_no_confidential_values(agency, desk_officer):
    """(a)(3): the saved versions of a person (django-simple-history) hold no confidential
    field, so an old SSN or a past victim flag is not kept after it is changed; the audit
    trail says only that it changed."""
    from cases.custody.services import person_update
    from trustportal.audit.models import AuditEvent

    values, forbidden = markers_for(CONFIDENTIAL_FIELDS)
    person = CustodyCaseFactory(person__agency=agency).person
    person_update(person=person, data=values, acting_user=desk_officer)
    person_update(person=person, data={"ssn": "", "confidential_notes": ""}, acting_user=desk_officer)
    versions = list(person.history.values())
    assert len(versions) >= 3
    assert not set(CONFIDENTIAL_FIELDS) & set(versions[0])
    assert all(marker not in str(versions) for marker in forbidden if marker.startswith(("MARKER", "987")))
    event = AuditEvent.objects.filter(action="person.update").latest("id")
    assert "987-65-4321" not in str(event.details) and "ssn" in str(event.details)
