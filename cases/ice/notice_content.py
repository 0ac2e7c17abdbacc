"""What the outputs that may reach ICE say, built only from explicit field lists.

The notices ((e)(1)) are copies given to the person and their attorney, and a copy may reach
ICE; the print of an ICE access record is the communication with ICE itself. None of them may
carry confidential information ((a)(3), (d); ``CONFIDENTIAL_FIELDS``), so each is built here
from ``.values()`` of the fields named below, never from a model instance handed to a template.
``tests/cases/test_confidential.py`` renders every one of these outputs with every
confidential field filled with a marker.

The texts are translated (``locale/<code>/LC_MESSAGES/django.po``): call these functions
inside ``translation.override(language)``.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.ice.gates import decision_in_force
from cases.models import (
    CONFIDENTIAL_FIELDS,
    AccessMethod,
    Decision,
    DecisionAction,
    DetainerNotice,
    IceAccess,
    Language,
    NoticeKind,
    Person,
)
from cases.models import Detainer as DetainerModel

PERSON_FIELDS_FOR_ICE = ("first_name", "middle_name", "last_name", "date_of_birth", "a_number")
DETAINER_FIELDS_FOR_ICE = (
    "form", "subject_id", "event_number", "file_number", "issued_on", "issuing_office", "received_at",
    "request_notify", "request_maintain_custody",
)  # fmt: skip
ACCESS_FIELDS_FOR_ICE = ("access_type", "basis", "at", "method", "ice_contact_name", "communication")
assert not set(CONFIDENTIAL_FIELDS) & set(PERSON_FIELDS_FOR_ICE)  # noqa: S101 (a guard at import)

# Grounds of the engine's result, in words the person understands (translated).
GROUNDS = {
    "judicial_warrant": gettext_noop("a warrant signed by a judge"),
    "ab_felony_conviction": gettext_noop("a conviction of a class A or B felony"),
    "tsdb_match": gettext_noop("a possible match in the federal terrorist screening database"),
    "interview_court_order": gettext_noop("a court order under 8 U.S.C. § 1225(d)(4)(B)"),
    "felony_conviction": gettext_noop("a felony conviction"),
    "pending_charge_no_bond": gettext_noop("a pending charge without bond posted"),
    "ct_warrant": gettext_noop("an outstanding Connecticut arrest warrant"),
    "gang_member": gettext_noop("a gang database match"),
    "final_order": gettext_noop("a final order of removal"),
}


def _person(person_id: int) -> dict:
    row = Person.objects.filter(pk=person_id).values(*PERSON_FIELDS_FOR_ICE).get()
    row["full_name"] = " ".join(row[k] for k in ("first_name", "middle_name", "last_name") if row[k])
    return row


def _detainer(detainer_id: int) -> dict:
    return DetainerModel.objects.filter(pk=detainer_id).values(*DETAINER_FIELDS_FOR_ICE).get()


def _access(access_id: int) -> dict:
    row = IceAccess.objects.filter(pk=access_id).values(*ACCESS_FIELDS_FOR_ICE).get()
    row["method_text"] = _method_words(row["method"])
    return row


def _method_words(method: str) -> str:
    words: dict[str, str] = {
        AccessMethod.PHONE: _("by telephone"),
        AccessMethod.EMAIL: _("by e-mail"),
        AccessMethod.FAX: _("by fax"),
        AccessMethod.IN_PERSON: _("in person"),
        AccessMethod.CUSTODY: _("by transfer to ICE custody"),
    }
    return words.get(method, _("by other means"))


def _requests(detainer: dict) -> list[str]:
    requests = []
    if detainer["request_notify"]:
        requests.append(_("to tell ICE before you are released"))
    if detainer["request_maintain_custody"]:
        requests.append(_("to keep you in custody for up to 48 hours after you would otherwise be released"))
    return requests


def intent(decision: Decision | None) -> dict:
    """Whether the agency intends to comply, what it will and will not do, and why."""
    if decision is None:
        return {
            "decided": False,
            "summary": _(
                "The agency has not yet decided whether to comply with the detainer. You will be told when it decides."  # noqa: E501
            ),
            "lines": [],
            "why": "",
        }
    actions = set(decision.actions)
    said = {
        DecisionAction.HOLD: (
            _("The agency will hold you for ICE for up to 48 hours after you would otherwise be released."),
            _(
                "The agency will not hold you for ICE: you will be released when you would otherwise be released."  # noqa: E501
            ),
        ),
        DecisionAction.NOTIFY: (
            _("The agency will tell ICE the date and time of your release."),
            _("The agency will not tell ICE when you are released."),
        ),
        DecisionAction.TRANSFER: (
            _("The agency will transfer you to ICE custody."),
            _("The agency will not transfer you to ICE custody."),
        ),
        DecisionAction.INTERVIEW: (
            _("The agency may let ICE interview you."),
            _("The agency will not let ICE interview you."),
        ),
    }
    complies = bool(actions & set(said))
    lines = [yes if action in actions else no for action, (yes, no) in said.items()]
    return {
        "decided": True,
        "complies": complies,
        "summary": _("The agency intends to comply with the detainer, as follows.")
        if complies
        else _("The agency does not intend to comply with the detainer."),
        "lines": lines,
        "why": _why(decision, complies),
    }


def _why(decision: Decision, complies: bool) -> str:
    if not complies:
        return _(
            "Connecticut law (C.G.S. § 54-192h) allows an agency to comply with a detainer only in "
            "the cases it lists, and the agency has decided not to comply with this one."
        )
    grounds = [_(GROUNDS[g]) for g in decision.result.get("grounds", []) if g in GROUNDS]
    if grounds:
        return _("Connecticut law (C.G.S. § 54-192h) allows it because of: %(grounds)s.") % {
            "grounds": "; ".join(grounds)
        }
    return _("A supervisor approved it, for the reason written below.")


def _interpreter(preferred: str, notice: DetainerNotice) -> str:
    """The person's language when the notice is not printed in it ('' when it is)."""
    if notice.recipient != "person" or preferred == notice.language:
        return ""
    return "their language" if preferred == Language.OTHER else str(Language(preferred).label)


def notice_document(notice: DetainerNotice) -> dict:
    """Everything a notice prints: the agency, the person's name, the detainer's copy, the
    agency's intent (or the copy of the release notification and the reason for complying)."""
    case = notice.detainer.case
    person = _person(case.person_id)
    preferred = Person.objects.filter(pk=case.person_id).values_list("preferred_language", flat=True).get()
    document = {
        "notice_id": notice.pk,
        "kind": notice.kind,
        "recipient": notice.recipient,
        "recipient_name": notice.recipient_name,
        "language": notice.language,
        "agency_name": notice.agency.name,
        "person": person,
        "detainer": _detainer(notice.detainer_id),
        "requests": _requests(_detainer(notice.detainer_id)),
        "interpreter_language": _interpreter(preferred, notice),
        "served_at": notice.served_at,
        "decision_rationale": "",
    }
    if notice.kind == NoticeKind.DETAINER_RECEIVED:
        decision = (
            notice.decision if notice.served_at or notice.printed_at else decision_in_force(notice.detainer)
        )
        document["intent"] = intent(decision)
        document["decision_rationale"] = decision.rationale if decision is not None else ""
    else:
        assert notice.ice_access_id is not None  # noqa: S101 (a copy of a notification has one)
        document["access"] = _access(notice.ice_access_id)
        document["decision_rationale"] = notice.decision.rationale if notice.decision is not None else ""
    return document


def access_document(access: IceAccess) -> dict:
    """The print of one ICE access record: what ICE was told or given, and on what basis."""
    return {
        "agency_name": access.agency.name,
        "person": _person(access.person_id),
        "detainer": _detainer(access.detainer_id) if access.detainer_id else None,
        "access": {
            **_access(access.pk),
            "type_text": access.get_access_type_display(),
            "basis_text": access.get_basis_display(),
        },
    }
