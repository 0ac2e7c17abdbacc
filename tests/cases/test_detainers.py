"""Logging a detainer, reading it, editing it and its documents, and changing its status."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.models import CaseStatus, Detainer, DetainerDocument, DetainerStatus
from tests.factories import (
    CustodyCaseFactory,
    DetainerDocumentFactory,
    DetainerFactory,
    DetainerScanFactory,
    IceAccessFactory,
)
from trustportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

ADMINISTRATIVE_I205 = (
    "An I-205 is an administrative warrant signed by an immigration officer, not a judge "
    "(C.G.S. § 54-192h(a))."
)


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def documents(*docs) -> dict:
    data = {
        "documents-TOTAL_FORMS": str(max(2, len(docs))),
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "20",
    }
    for i, doc in enumerate(docs):
        data.update({f"documents-{i}-{k}": v for k, v in doc.items()})
    return data


I205 = {"kind": "administrative_warrant", "form": "I-205", "signed_by": "SDDO J. Smith", "court": ""}


def detainer_post(**change) -> dict:
    received = timezone.now() - dt.timedelta(hours=1)
    data = {
        "received_at": local(received),
        "form": "I-247A",
        "subject_id": "1234567",
        "event_number": "HRT2604000123",
        "file_number": "A 012-345-678",
        "issued_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "issuing_office": "ERO Hartford",
        "pc_final_order": "on",
        "request_notify": "on",
        "request_maintain_custody": "on",
        "served_at": local(received + dt.timedelta(minutes=30)),
        "notes": "Came by fax.",
        **documents(I205),
    }
    data.update(change)
    return data


@pytest.fixture
def case(agency):
    return CustodyCaseFactory(person__agency=agency)


def create_url(case):
    return f"/cases/{case.pk}/detainers/new/"


def test_it_logs_an_i247a_with_an_i205_and_shows_it(client, desk_officer, sign_in, case):
    sign_in(desk_officer)
    assert client.get(create_url(case)).status_code == 200
    response = client.post(create_url(case), detainer_post())
    detainer = Detainer.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/detainers/{detainer.pk}/"
    assert detainer.case == case and detainer.form == "I-247A" and detainer.file_number == "A012345678"
    assert detainer.pc_final_order and not detainer.pc_biometric and detainer.created_by == desk_officer
    document = DetainerDocument.objects.get()
    assert (document.detainer, document.form, document.kind) == (detainer, "I-205", "administrative_warrant")
    event = AuditEvent.objects.get(action="detainer.log")
    assert event.actor == desk_officer and event.agency == case.agency and event.details["documents"] == 1
    page = client.get(response["Location"]).content.decode()
    assert "Detainer logged." in page and "I-205" in page and "SDDO J. Smith" in page
    assert f'href="/cases/detainers/{detainer.pk}/decision/"' in page and "Open the decision screen" in page


def test_it_normalises_the_document_form_name(client, desk_officer, sign_in, case):
    sign_in(desk_officer)
    client.post(create_url(case), detainer_post(**documents({**I205, "form": "form i 200"})))
    assert DetainerDocument.objects.get().form == "I-200"


def test_it_logs_an_old_form_issued_before_april_2017(client, desk_officer, sign_in, case):
    sign_in(desk_officer)
    response = client.post(create_url(case), detainer_post(form="I-247D", issued_on="2017-03-30"))
    assert response.status_code == 302
    assert Detainer.objects.get().form == "I-247D"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"form": "I-247N"},
            "I-247D, I-247N and I-247X have not been issued since 2 April 2017; use I-247A.",
        ),
        ({"issued_on": "2099-01-01"}, "The date issued cannot be in the future."),
        ({"received_at": "2099-01-01T10:00"}, "The time received cannot be in the future."),
        (
            {"served_at": "2000-01-01T10:00"},
            "The detainer cannot be served on the person before it was received.",
        ),
        ({"file_number": "12345"}, "An A-number is the letter A and 8 or 9 digits, e.g. A012345678."),
        (
            {"received_at": "2020-01-01T10:00", "served_at": ""},
            "The detainer cannot be received before the date it was issued.",
        ),
        ({"issued_on": "not a date"}, "Enter a valid date."),
        ({"received_at": ""}, "This field is required."),
        ({"form": "I-999"}, "Select a valid choice."),
        (documents({**I205, "kind": "judicial_warrant"}), ADMINISTRATIVE_I205),
        (
            documents({"kind": "judicial_warrant", "form": "NTA", "signed_by": "", "court": ""}),
            "An NTA is an administrative warrant signed by an immigration officer, not a judge",
        ),
        (
            documents(
                {"kind": "judicial_warrant", "form": "Arrest warrant", "signed_by": "", "court": "D. Conn."}
            ),
            "A judicial warrant is signed by a judge: enter the judge who signed it.",
        ),
        (
            documents(
                {"kind": "judicial_warrant", "form": "Arrest warrant", "signed_by": "Judge X", "court": ""}
            ),
            "A judicial warrant is signed by a judge: enter the court that issued it.",
        ),
        (documents({**I205, "kind": "a kind of its own"}), "Select a valid choice."),
    ],
)
def test_it_refuses_bad_input_in_plain_words_and_saves_nothing(
    client, desk_officer, sign_in, case, change, message
):
    sign_in(desk_officer)
    response = client.post(create_url(case), detainer_post(**change))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Detainer.objects.exists() and not DetainerDocument.objects.exists()
    assert not AuditEvent.objects.filter(action="detainer.log").exists()


def test_a_missing_management_form_is_refused_without_error(client, desk_officer, sign_in, case):
    sign_in(desk_officer)
    data = {k: v for k, v in detainer_post().items() if not k.startswith("documents-")}
    response = client.post(create_url(case), data)
    assert response.status_code == 200
    assert not Detainer.objects.exists()


def test_a_detainer_cannot_be_logged_for_a_released_person(client, desk_officer, sign_in, case):
    case.status, case.closed_at = CaseStatus.RELEASED, timezone.now() - dt.timedelta(minutes=5)
    case.save()
    sign_in(desk_officer)
    response = client.post(create_url(case), detainer_post())
    assert response.status_code == 200
    assert (
        "A detainer cannot be logged for a person who is no longer in custody." in response.content.decode()
    )
    assert not Detainer.objects.exists()


def test_the_detail_page_shows_every_part_and_is_audited(client, supervisor, sign_in, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    detainer = DetainerFactory(case__person__agency=supervisor.agency, subject_id="SUBJ-77", served_at=None)
    DetainerDocumentFactory(detainer=detainer, form="I-200")
    IceAccessFactory(detainer=detainer, communication="Faxed the release notice")
    DetainerScanFactory(detainer=detainer, original_name="i247a-scan.pdf")
    sign_in(supervisor)
    page = client.get(f"/cases/detainers/{detainer.pk}/").content.decode()
    for text in (
        "SUBJ-77",
        "I-200",
        "Faxed the release notice",
        "i247a-scan.pdf",
        "Not served on the person yet",
    ):
        assert text in page
    event = AuditEvent.objects.get(action="detainer.view")
    assert event.actor == supervisor and event.object_id == str(detainer.pk)


@pytest.mark.parametrize("count", [1, 50])
def test_the_detail_page_makes_a_fixed_number_of_queries(
    client, desk_officer, sign_in, settings, tmp_path, django_assert_max_num_queries, count
):
    settings.MEDIA_ROOT = tmp_path
    detainer = DetainerFactory(case__person__agency=desk_officer.agency)
    DetainerDocumentFactory.create_batch(count, detainer=detainer)
    IceAccessFactory.create_batch(count, detainer=detainer, recorded_by=desk_officer)
    DetainerScanFactory.create_batch(count, detainer=detainer, uploaded_by=desk_officer)
    sign_in(desk_officer)
    client.get("/")  # the session and second factor are settled before counting
    with django_assert_max_num_queries(12):
        response = client.get(f"/cases/detainers/{detainer.pk}/")
    assert response.status_code == 200
    assert response.content.decode().count('href="/cases/detainers/documents/') == count


def test_contacts_are_listed_in_time_order(client, desk_officer, sign_in):
    detainer = DetainerFactory(case__person__agency=desk_officer.agency)
    now = timezone.now()
    IceAccessFactory(detainer=detainer, at=now - dt.timedelta(hours=1), communication="second call")
    IceAccessFactory(detainer=detainer, at=now - dt.timedelta(hours=5), communication="first call")
    sign_in(desk_officer)
    page = client.get(f"/cases/detainers/{detainer.pk}/").content.decode()
    assert page.index("first call") < page.index("second call")


def test_an_officer_edits_a_detainer_and_the_change_is_audited(client, desk_officer, sign_in):
    detainer = DetainerFactory(
        case__person__agency=desk_officer.agency, served_at=None, created_by=desk_officer
    )
    sign_in(desk_officer)
    url = f"/cases/detainers/{detainer.pk}/edit/"
    assert client.get(url).status_code == 200
    served = timezone.now() - dt.timedelta(minutes=10)
    data = detainer_post(
        served_at=local(served), received_at=local(detainer.received_at), interview_consent_at=""
    )
    assert client.post(url, data).status_code == 302
    detainer.refresh_from_db()
    assert detainer.served_at is not None and detainer.subject_id == "1234567"
    changes = AuditEvent.objects.get(action="detainer.update").details["changes"]
    assert "served_at" in changes and "subject_id" in changes


def test_editing_applies_the_same_validation(client, desk_officer, sign_in):
    detainer = DetainerFactory(case__person__agency=desk_officer.agency)
    sign_in(desk_officer)
    response = client.post(f"/cases/detainers/{detainer.pk}/edit/", detainer_post(form="I-247X"))
    assert "have not been issued since 2 April 2017" in response.content.decode()
    detainer.refresh_from_db()
    assert detainer.form == "I-247A"
    assert not AuditEvent.objects.filter(action="detainer.update").exists()


def test_documents_are_added_and_edited(client, desk_officer, sign_in):
    detainer = DetainerFactory(case__person__agency=desk_officer.agency)
    sign_in(desk_officer)
    add = f"/cases/detainers/{detainer.pk}/documents/new/"
    assert client.get(add).status_code == 200
    warrant = {
        "kind": "judicial_warrant",
        "form": "Warrant for arrest",
        "signed_by": "Hon. A. Judge",
        "court": "D. Conn.",
    }
    assert client.post(add, warrant).status_code == 302
    document = DetainerDocument.objects.get()
    edit = f"/cases/detainers/documents/{document.pk}/edit/"
    assert client.post(edit, {**warrant, "kind": "unclear"}).status_code == 302
    document.refresh_from_db()
    assert document.kind == "unclear"
    assert AuditEvent.objects.filter(action="detainer.document_add").count() == 1
    changes = AuditEvent.objects.get(action="detainer.document_update").details["changes"]
    assert changes["kind"] == ["judicial_warrant", "unclear"]


def test_an_administrative_form_cannot_become_a_judicial_warrant_on_edit(client, desk_officer, sign_in):
    document = DetainerDocumentFactory(detainer__case__person__agency=desk_officer.agency, form="I-205")
    sign_in(desk_officer)
    response = client.post(
        f"/cases/detainers/documents/{document.pk}/edit/",
        {"kind": "judicial_warrant", "form": "I-205", "signed_by": "Someone", "court": "Somewhere"},
    )
    assert response.status_code == 200 and ADMINISTRATIVE_I205 in response.content.decode()
    document.refresh_from_db()
    assert document.kind == "administrative_warrant"


@pytest.mark.parametrize(
    ("start", "to", "allowed"),
    [
        (DetainerStatus.OPEN, DetainerStatus.CANCELLED, True),
        (DetainerStatus.OPEN, DetainerStatus.LAPSED, True),
        (DetainerStatus.DECIDED, DetainerStatus.CANCELLED, True),
        (DetainerStatus.CANCELLED, DetainerStatus.LAPSED, False),
        (DetainerStatus.HONORED, DetainerStatus.CANCELLED, False),
    ],
)
def test_status_changes_follow_the_allowed_transitions(client, desk_officer, sign_in, start, to, allowed):
    detainer = DetainerFactory(case__person__agency=desk_officer.agency, status=start)
    sign_in(desk_officer)
    response = client.post(f"/cases/detainers/{detainer.pk}/status/", {"status": to, "reason": "ICE faxed"})
    detainer.refresh_from_db()
    if allowed:
        assert response.status_code == 302 and detainer.status == to
        event = AuditEvent.objects.get(action="detainer.status")
        assert event.details == {"from": start, "to": to, "reason": "ICE faxed"}
    else:
        assert response.status_code == 200 and detainer.status == start
        label = DetainerStatus(start).label.lower()
        assert f"A detainer that is {label} cannot become {DetainerStatus(to).label.lower()}." in (
            response.content.decode()
        )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "honored", "reason": "x"}, "Choose cancelled or lapsed here."),
        ({"status": "cancelled", "reason": ""}, "Say why the status changes."),
    ],
)
def test_status_form_refuses_other_statuses_and_a_missing_reason(
    client, desk_officer, sign_in, data, message
):
    detainer = DetainerFactory(case__person__agency=desk_officer.agency)
    sign_in(desk_officer)
    response = client.post(f"/cases/detainers/{detainer.pk}/status/", data)
    assert response.status_code == 200 and message in response.content.decode()
    detainer.refresh_from_db()
    assert detainer.status == DetainerStatus.OPEN


def test_status_change_refuses_get(client, desk_officer, sign_in):
    detainer = DetainerFactory(case__person__agency=desk_officer.agency)
    sign_in(desk_officer)
    assert client.get(f"/cases/detainers/{detainer.pk}/status/").status_code == 405


# --- roles and agencies -------------------------------------------------------------------


def _urls(detainer, document):
    return {
        "create": f"/cases/{detainer.case.pk}/detainers/new/",
        "detail": f"/cases/detainers/{detainer.pk}/",
        "edit": f"/cases/detainers/{detainer.pk}/edit/",
        "status": f"/cases/detainers/{detainer.pk}/status/",
        "document_add": f"/cases/detainers/{detainer.pk}/documents/new/",
        "document_edit": f"/cases/detainers/documents/{document.pk}/edit/",
    }


WRITES = ["create", "edit", "status", "document_add", "document_edit"]


@pytest.fixture
def document(agency):
    return DetainerDocumentFactory(detainer__case__person__agency=agency)


def test_a_trainer_gets_403_everywhere(client, trainer, sign_in, document):
    sign_in(trainer)
    for name, url in _urls(document.detainer, document).items():
        assert client.get(url).status_code in (403, 405), name
        assert client.post(url, detainer_post()).status_code == 403, name
    assert Detainer.objects.count() == 1


def test_an_auditor_reads_but_cannot_write(client, auditor, sign_in, document):
    sign_in(auditor)
    urls = _urls(document.detainer, document)
    page = client.get(urls["detail"])
    assert page.status_code == 200 and "Open the decision screen" in page.content.decode()
    assert 'action="/cases/detainers/' not in page.content.decode()  # no write forms shown
    for name in WRITES:
        assert client.post(urls[name], detainer_post()).status_code == 403, name
    assert Detainer.objects.count() == 1 and DetainerDocument.objects.count() == 1


def test_another_agencys_detainer_is_a_404(client, other_officer, sign_in, document):
    sign_in(other_officer)
    for name, url in _urls(document.detainer, document).items():
        assert client.post(url, detainer_post()).status_code == 404, name
        if name != "status":
            assert client.get(url).status_code == 404, name
    assert client.get("/cases/detainers/999999/").status_code == 404
    assert Detainer.objects.count() == 1
    assert not AuditEvent.objects.filter(action__startswith="detainer.").exists()
