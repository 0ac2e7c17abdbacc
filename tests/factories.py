"""factory_boy factories shared by the test suite."""

import factory
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from trustportal.accounts.models import Agency, User

PASSWORD = "correct-horse-battery-9"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("ori",)

    name = factory.Sequence(lambda n: f"Town {n} Police Department")
    ori = factory.Sequence(lambda n: f"CT{n:07d}")
    kind = Agency.Kind.MUNICIPAL_POLICE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"officer{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    agency = factory.SubFactory(AgencyFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))
        if create:
            self.save()


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Authenticator app"
    confirmed = True


# --- case data -------------------------------------------------------------------------
import datetime as dt  # noqa: E402

from django.utils import timezone  # noqa: E402

from cases import models as cm  # noqa: E402


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Person

    agency = factory.SubFactory(AgencyFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = dt.date(1990, 5, 17)
    sex = cm.Sex.MALE
    citizenship = "Mexico"
    a_number = factory.Sequence(lambda n: f"A{200000000 + n:09d}")


class CustodyCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.CustodyCase

    person = factory.SubFactory(PersonFactory)
    agency = factory.SelfAttribute("person.agency")
    booking_number = factory.Sequence(lambda n: f"B{26000 + n}")
    booked_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=6))
    facility = "Central lock-up"
    arresting_officer = "Ofc. Rivera"


class ChargeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Charge

    case = factory.SubFactory(CustodyCaseFactory)
    statute = "53a-60"
    description = "Assault in the second degree"
    status = cm.ChargeStatus.PENDING


class ConvictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Conviction

    person = factory.SubFactory(PersonFactory)
    statute = "53a-55"
    description = "Manslaughter in the first degree"
    convicted_on = dt.date(2015, 3, 4)
    jurisdiction = cm.Jurisdiction.CT


class DetainerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.Detainer

    case = factory.SubFactory(CustodyCaseFactory)
    received_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=2))
    form = cm.DetainerForm.I247A
    issued_on = factory.LazyFunction(lambda: timezone.localdate())
    issuing_office = "ERO Hartford"
    pc_final_order = True


class DetainerDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.DetainerDocument

    detainer = factory.SubFactory(DetainerFactory)
    kind = cm.DocumentKind.ADMINISTRATIVE_WARRANT
    form = "I-205"
    signed_by = "Supervisory Detention and Deportation Officer"


# --- decisions (the decision screen) ----------------------------------------------------


class DecisionFactory(factory.django.DjangoModelFactory):
    """A decision recorded through ``decision_record`` (decisions are never saved directly).

    By default a desk officer of the detainer's agency declines a detainer with no exception.
    """

    class Meta:
        model = cm.Decision

    detainer = factory.SubFactory(DetainerFactory)
    recorded_by = factory.SubFactory(
        UserFactory, agency=factory.SelfAttribute("..detainer.case.agency"), roles=["Desk officer"]
    )
    actions = factory.LazyFunction(lambda: [cm.DecisionAction.DECLINE.value])
    rationale = "No exception applies: release when otherwise releasable."
    override_reason = ""
    person_informed = True
    copy_given = False
    supersedes = None

    @classmethod
    def _create(cls, model_class, *, recorded_by, override_reason="", **kwargs):
        """``override_reason``: a supervisor first approves an override, with that reason, for
        every chosen action (as the decision screen requires for a departure)."""
        from cases.decisions.services import decision_record

        if override_reason:
            approved_override(
                kwargs["detainer"], kwargs["actions"], override_reason, requested_by=recorded_by
            )
        return decision_record(acting_user=recorded_by, **kwargs)


def record_decision(*, override_reason="", **kwargs):
    """``decision_record``; with ``override_reason``, a supervisor first approves an override
    with that reason for the chosen actions."""
    from cases.decisions.services import decision_record

    if override_reason:
        approved_override(
            kwargs["detainer"], kwargs["actions"], override_reason, requested_by=kwargs["acting_user"]
        )
    return decision_record(**kwargs)


def approved_override(detainer, actions, reason, *, requested_by=None):
    """An override request for ``actions`` approved by a supervisor of the detainer's agency."""
    agency = detainer.case.agency
    requester = requested_by or UserFactory(agency=agency, roles=["Desk officer"])
    return cm.OverrideRequest.objects.create(
        agency=agency,
        detainer=detainer,
        actions=[a for a in actions if a != cm.DecisionAction.DECLINE],
        reason=reason,
        requested_by=requester,
        requested_at=timezone.now(),
        status=cm.OverrideStatus.APPROVED,
        reviewed_by=UserFactory(agency=agency, roles=["Supervisor"]),
        reviewed_at=timezone.now(),
    )


class RuleSetSignOffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cm.RuleSetSignOff

    agency = factory.SubFactory(AgencyFactory)
    rule_set = "ct-2025"
    counsel_name = "Pat Counsel, Corporation Counsel"
    signed_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=3))
    recorded_by = factory.SubFactory(UserFactory, agency=factory.SelfAttribute("..agency"))


class IceAccessFactory(factory.django.DjangoModelFactory):
    """An ICE access record as stored (tests of the gate go through ``ice_access_record``)."""

    class Meta:
        model = cm.IceAccess

    detainer = factory.SubFactory(DetainerFactory)
    case = factory.SelfAttribute("detainer.case")
    person = factory.SelfAttribute("detainer.case.person")
    agency = factory.SelfAttribute("detainer.case.agency")
    access_type = cm.AccessType.RESPOND
    basis = cm.AccessBasis.DETAINER
    at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))
    method = cm.AccessMethod.PHONE
    communication = "ICE (ERO Hartford) asked for the release date; told them it cannot be shared."
    staff_minutes = 10
    recorded_by = factory.SubFactory(UserFactory, agency=factory.SelfAttribute("..detainer.case.agency"))


class DetainerScanFactory(factory.django.DjangoModelFactory):
    """A stored scan: a tiny PDF under MEDIA_ROOT (point MEDIA_ROOT at tmp_path in the test)."""

    class Meta:
        model = cm.DetainerScan

    detainer = factory.SubFactory(DetainerFactory)
    file = factory.django.FileField(filename="detainer.pdf", data=b"%PDF-1.4\n%%EOF\n")
    original_name = "detainer.pdf"
    content_type = "application/pdf"
    size = 15
    uploaded_by = factory.SubFactory(UserFactory, agency=factory.SelfAttribute("..detainer.case.agency"))


# --- reminders and notifications ------------------------------------------------------------
from trustportal.notifications import models as nm  # noqa: E402


def ensure_role_groups():
    """The role groups, recreated after a transactional test flushed the migration's rows."""
    from trustportal.accounts.roles import Role

    for role in Role:
        Group.objects.get_or_create(name=role.value)


class ReminderFactory(factory.django.DjangoModelFactory):
    """A due reminder for one user (set recipient_user=None, recipient_role=... for a role)."""

    class Meta:
        model = nm.Reminder

    recipient_user = factory.SubFactory(UserFactory)
    agency = factory.LazyAttribute(lambda r: r.recipient_user.agency if r.recipient_user else AgencyFactory())
    kind = cm.CaseReminderKind.DECISION_DUE
    due_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(minutes=1))
    title = factory.Sequence(lambda n: f"Reminder {n}")
    body = "Record the detainer decision before the release time."
    link = "/cases/"
    dedupe_key = factory.Sequence(lambda n: f"test:{n}")


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = nm.Notification

    user = factory.SubFactory(UserFactory)
    reminder = factory.SubFactory(
        ReminderFactory, recipient_user=factory.SelfAttribute("..user"), status=nm.ReminderStatus.SENT
    )
    title = factory.LazyAttribute(lambda n: n.reminder.title if n.reminder else "Notice")
    body = "Record the detainer decision before the release time."
    link = "/cases/"
    created_at = factory.LazyFunction(timezone.now)


class OutboundEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = nm.OutboundEmail

    reminder = factory.SubFactory(ReminderFactory, status=nm.ReminderStatus.SENT)
    agency = factory.SelfAttribute("reminder.agency")
    to = factory.Sequence(lambda n: f"person{n}@example.test")
    subject = "[TrustPortal] Reminder"
    body = "Record the detainer decision before the release time."
    next_attempt_at = factory.LazyFunction(timezone.now)
    created_at = factory.LazyFunction(timezone.now)


# --- training ---------------------------------------------------------------------------
from training import models as tm  # noqa: E402

# A class B conviction (manslaughter 1st degree) under the 2019 law: detain permitted, hold 48 h.
TRAINING_SCENARIO = {
    "decided_at": "2024-04-24T09:00:00-04:00",
    "rule_set": None,
    "releasable_at": "2024-04-24T10:00:00-04:00",
    "interview_consent": False,
    "detainer": {"form": "I-247A", "documents": [{"kind": "administrative_warrant", "form": "I-205"}]},
    "subject": {
        "convictions": [
            {"statute": "53a-55", "subdivision": None, "victim_age": None, "felony_class": None,
             "jurisdiction": "CT", "juvenile": False}
        ],
        "pending_charges": [],
        "tsdb_possible_match": False,
        "outstanding_ct_warrant": False,
        "gang_database_match": False,
        "final_order_of_removal": False,
        "public_safety_risk": False,
    },
}  # fmt: skip


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = tm.Module

    agency = factory.SubFactory(AgencyFactory)
    title = factory.Sequence(lambda n: f"Training module {n}")
    summary = "What officers need to know."
    body = "Read every section, then take the quiz."
    status = tm.ModuleStatus.PUBLISHED
    counts_for_decisions = True


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = tm.Section

    module = factory.SubFactory(ModuleFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Section {n}")
    body = "Some **Markdown** text."


class QuestionFactory(factory.django.DjangoModelFactory):
    """A question made through ``question_create`` (its content is a version)."""

    class Meta:
        model = tm.Question

    module = factory.SubFactory(ModuleFactory)
    kind = tm.QuestionKind.SINGLE
    data = factory.LazyFunction(
        lambda: {
            "prompt": "Which paper counts as a judicial warrant?",
            "options": ["An I-205", "A warrant signed by a federal magistrate judge", "An I-200"],
            "correct": [1],
            "explanation": "Only a warrant signed by a judicial officer counts.",
            "citations": "C.G.S. § 54-192h(b)(1)(A)(i)",
        }
    )

    @classmethod
    def _create(cls, model_class, *, module, kind, data, created_by=None, **kwargs):
        from training.services import question_create

        return question_create(module=module, kind=kind, data=data, acting_user=created_by)


class ScenarioQuestionFactory(QuestionFactory):
    kind = tm.QuestionKind.SCENARIO
    data = factory.LazyFunction(
        lambda: {
            "scenario": TRAINING_SCENARIO,
            "action": "detain",
            "ask_hold_until": False,
            "explanation": "",
        }
    )


class QuizFactory(factory.django.DjangoModelFactory):
    """A quiz made through ``quiz_create``; its pool defaults to the module's questions."""

    class Meta:
        model = tm.Quiz

    module = factory.SubFactory(ModuleFactory)
    title = factory.Sequence(lambda n: f"Quiz {n}")
    pass_mark_percent = 80
    attempts_allowed = 3
    question_count = None
    shuffle_questions = False
    shuffle_options = False
    time_limit_minutes = None
    feedback = tm.QuizFeedback.FULL

    @classmethod
    def _create(cls, model_class, *, module, questions=None, **data):
        from training.services import quiz_create

        pool = list(questions) if questions is not None else list(module.questions.all())
        return quiz_create(module=module, data=data, questions=pool, acting_user=None)
