"""A year of history for the demo (called by ``manage.py seed_demo`` after the sample cases;
idempotent): people with demographic data, bookings, detainers received every few days, their
decisions (evaluated by the engine, as recorded), supervisors' reviews, releases and transfers,
lapsed and cancelled detainers, and ICE access of every type, on both bases. Enough for every
dashboard chart, both forms of the OPM report and the policy-impact page to show something.

Inserted in bulk (a handful of queries per table, not the services one record at a time): it is
demo history, not today's work. The after-record hooks other apps registered run for each
decision, as ``decision_record`` would run them (reports stores the policy-impact evaluations),
then the figures hooks once for every day (reports rebuilds the agency's daily counts).
"""

import datetime as dt
import random

from django.utils import timezone

from cases.catalogue.provider import current_catalogue
from cases.decisions.facts import scenario_for_detainer
from cases.decisions.hooks import registered_decision_hooks, registered_figures_hooks
from cases.models import (
    AccessBasis,
    AccessMethod,
    AccessType,
    CaseStatus,
    Charge,
    Conviction,
    CustodyCase,
    Decision,
    DecisionAction,
    DecisionReview,
    Detainer,
    DetainerDocument,
    DetainerStatus,
    DocumentKind,
    Ethnicity,
    IceAccess,
    Person,
    Race,
    ReviewOutcome,
    Sex,
    person_search_key,
    person_search_text,
)
from cases.rules import PERMITTED, evaluate
from trustportal.accounts.models import User

PREFIX = "H-"
DAYS = 365
EVERY_HOURS = 31  # a booking every 31 hours: about 280 in a year, a detainer on 60% of them
SURNAMES = [
    "Alvarez",
    "Brown",
    "Chen",
    "Diaz",
    "Evans",
    "Fofana",
    "Garcia",
    "Haddad",
    "Ivanova",
    "Jones",
    "Kowalski",
    "Lee",
    "Mendes",
    "Nguyen",
    "Okafor",
    "Patel",
    "Quispe",
    "Rossi",
    "Santos",
    "Tran",
]
FIRST = ["Ana", "Ben", "Carla", "Dev", "Eli", "Fatou", "Gus", "Hana", "Ivan", "Jae", "Kofi", "Lina"]
COUNTRIES = [
    "Mexico",
    "Guatemala",
    "Honduras",
    "Ecuador",
    "Brazil",
    "Jamaica",
    "India",
    "Poland",
    "China",
    "USA",
]
# (statute, subdivision, description): class A/B felonies, lower felonies, a 2025 candidate, none
CONVICTIONS = [
    ("53a-55", "", "Manslaughter in the first degree"),
    ("53a-134", "", "Robbery in the first degree"),
    ("53a-70", "a2", "Sexual assault in the first degree"),
    ("53a-71", "", "Sexual assault in the second degree"),
    ("53a-60", "", "Assault in the second degree"),
    ("21a-278", "", "Sale of narcotics"),
    None,
    None,
]
CHARGES = [
    ("53a-125b", "Larceny in the sixth degree"),
    ("53a-181", "Breach of peace in the second degree"),
    ("14-227a", "Operating under the influence"),
    ("53a-61", "Assault in the third degree"),
]


def seed_demo_history(*, agency, stdout=None) -> int:
    if CustodyCase.objects.filter(agency=agency, booking_number__startswith=PREFIX).exists():
        if stdout is not None:
            stdout.write("A year of history: already there.")
        return 0
    officer = User.objects.filter(agency=agency, groups__name="Desk officer").first()
    supervisor = User.objects.filter(agency=agency, groups__name="Supervisor").first()
    if officer is None or supervisor is None:
        return 0
    rng = random.Random(2026)
    now = timezone.now()
    starts = [
        now - dt.timedelta(days=DAYS) + dt.timedelta(hours=EVERY_HOURS * i)
        for i in range(DAYS * 24 // EVERY_HOURS)
    ]
    starts = [s for s in starts if s < now - dt.timedelta(days=3)]
    cases = _people_and_cases(agency, officer, starts, rng)
    detainers = _detainers(officer, [c for i, c in enumerate(cases) if i % 5 in (0, 1, 3)], rng)
    decisions = _decisions(agency, officer, supervisor, detainers, rng)
    _closures(cases, detainers, decisions)
    _ice_access(agency, officer, cases, detainers, decisions, rng)
    for decision in decisions:
        for hook in registered_decision_hooks():
            hook(decision.pk)
    for figures_hook in registered_figures_hooks():  # inserted in bulk: rebuild every day's figures
        figures_hook(agency.pk, None)
    if stdout is not None:
        stdout.write(
            f"A year of history: {len(cases)} bookings, {len(detainers)} detainers, "
            f"{len(decisions)} decisions."
        )
    return len(cases)


def _person(**fields) -> Person:
    """A person as ``Person.save`` would store them (bulk_create skips save: the search text)."""
    person = Person(**fields)
    person.search_text = person_search_text(
        first_name=person.first_name, middle_name="", last_name=person.last_name, aliases=""
    )
    person.search_key = person_search_key(
        first_name=person.first_name, middle_name="", last_name=person.last_name
    )
    return person


def _people_and_cases(agency, officer, starts, rng) -> list[CustodyCase]:
    people = Person.objects.bulk_create(
        [
            _person(
                agency=agency,
                last_name=SURNAMES[i % len(SURNAMES)],
                first_name=FIRST[(i * 7) % len(FIRST)],
                date_of_birth=dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 16000)),
                sex=rng.choice([Sex.MALE, Sex.MALE, Sex.MALE, Sex.FEMALE, Sex.X]),
                race=rng.choice(list(Race.values)),
                ethnicity=rng.choice(list(Ethnicity.values)),
                citizenship=rng.choice(COUNTRIES),
                a_number=f"A{208000000 + i:09d}",
                created_by=officer,
            )
            for i in range(len(starts))
        ]
    )
    cases = CustodyCase.objects.bulk_create(
        [
            CustodyCase(
                agency=agency,
                person=person,
                booking_number=f"{PREFIX}{i + 1:04d}",
                booked_at=start,
                facility=rng.choice(["Central lock-up", "Central lock-up", "North district"]),
                releasable_at=start + dt.timedelta(hours=rng.choice([6, 10, 20, 30])),
                releasable_reason="bond_posted",
            )
            for i, (person, start) in enumerate(zip(people, starts, strict=True))
        ]
    )
    convictions, charges = [], []
    for i, case in enumerate(cases):
        conviction = CONVICTIONS[i % len(CONVICTIONS)]
        if conviction:
            statute, subdivision, description = conviction
            convictions.append(
                Conviction(
                    person=case.person,
                    statute=statute,
                    subdivision=subdivision,
                    description=description,
                    convicted_on=dt.date(2008 + i % 14, 1 + i % 12, 1 + i % 27),
                )
            )
        statute, description = CHARGES[i % len(CHARGES)]
        charges.append(Charge(case=case, statute=statute, description=description))
    Conviction.objects.bulk_create(convictions)
    Charge.objects.bulk_create(charges)
    return cases


def _detainers(officer, cases, rng) -> list[Detainer]:
    detainers = Detainer.objects.bulk_create(
        [
            Detainer(
                case=case,
                received_at=case.booked_at + dt.timedelta(hours=rng.choice([1, 2, 3, 5])),
                issued_on=case.booked_at.date(),
                issuing_office="ERO Hartford",
                file_number=case.person.a_number,
                pc_final_order=True,
                served_at=case.booked_at + dt.timedelta(hours=6),
                created_by=officer,
            )
            for case in cases
        ]
    )
    DetainerDocument.objects.bulk_create(
        [
            DetainerDocument(
                detainer=d,
                kind=DocumentKind.JUDICIAL_WARRANT if i % 9 == 4 else DocumentKind.ADMINISTRATIVE_WARRANT,
                form="" if i % 9 == 4 else "I-205",
                court="U.S. District Court, D. Conn." if i % 9 == 4 else "",
            )
            for i, d in enumerate(detainers)
        ]
    )
    return detainers


def _decisions(agency, officer, supervisor, detainers, rng) -> list[Decision]:
    """A decision on most detainers (a tenth lapse or are cancelled), following the guidance."""
    catalogue = current_catalogue()
    policy = {"interview_requires_consent": True}
    convictions_of: dict[int, list] = {}
    for conviction in Conviction.objects.filter(person__in=[d.case.person_id for d in detainers]):
        convictions_of.setdefault(conviction.person_id, []).append(conviction)
    charges_of: dict[int, list] = {}
    for charge in Charge.objects.filter(case__in=[d.case_id for d in detainers]):
        charges_of.setdefault(charge.case_id, []).append(charge)
    decisions = []
    for i, detainer in enumerate(detainers):
        if i % 10 == 7:
            continue  # lapses or is cancelled (see _closures)
        decided_at = detainer.received_at + dt.timedelta(minutes=rng.choice([20, 45, 90, 200, 600, 1500]))
        facts = scenario_for_detainer(
            detainer,
            decided_at=decided_at,
            convictions=convictions_of.get(detainer.case.person_id, []),
            charges=charges_of.get(detainer.case_id, []),
            policy=policy,
        )
        result = evaluate(facts, catalogue)
        hold = result["actions"]["detain"]["verdict"] == PERMITTED
        actions = [DecisionAction.HOLD, DecisionAction.NOTIFY] if hold else [DecisionAction.DECLINE]
        decisions.append(
            Decision(
                agency=agency,
                detainer=detainer,
                rule_set=result["rule_set"],
                engine_version=result["engine_version"],
                facts=facts,
                result=result,
                actions=[a.value for a in actions],
                hold_until=detainer.case.releasable_at + dt.timedelta(hours=48) if hold else None,
                rationale="Followed the guidance."
                if hold
                else "No exception applies: released when releasable.",
                person_informed=True,
                copy_given=True,
                recorded_by=officer,
                recorded_at=decided_at,
            )
        )
    decisions = Decision.objects.bulk_create(decisions)
    DecisionReview.objects.bulk_create(
        [
            DecisionReview(
                decision=d,
                reviewer=supervisor,
                outcome=ReviewOutcome.RETURNED if i % 15 == 3 else ReviewOutcome.APPROVED,
                comments="Record the bond status before the next shift." if i % 15 == 3 else "",
                reviewed_at=d.recorded_at + dt.timedelta(hours=4),
            )
            for i, d in enumerate(decisions)
            if i % 6 != 5
        ]
    )
    return decisions


def _closures(cases, detainers, decisions) -> None:
    """Everyone is out of custody now: held ones transferred to ICE (two a little past their
    limit, for the compliance figure), the rest released (a few late)."""
    decided = {d.detainer_id: d for d in decisions}
    detainer_of = {d.case_id: d for d in detainers}
    late = 0
    for i, case in enumerate(cases):
        detainer = detainer_of.get(case.pk)
        decision = decided.get(detainer.pk) if detainer else None
        if detainer is not None and decision is not None and decision.hold_until:
            late += 1
            over = dt.timedelta(hours=3) if late in (2, 9) else -dt.timedelta(hours=20)
            case.status, case.closed_at = CaseStatus.TRANSFERRED_ICE, decision.hold_until + over
            case.transferred_to = "ICE ERO Hartford"
            detainer.status, detainer.hold_until = DetainerStatus.HONORED, decision.hold_until
        else:
            slow = dt.timedelta(hours=5) if i % 40 == 11 else dt.timedelta(minutes=20)
            case.status, case.closed_at = CaseStatus.RELEASED, case.releasable_at + slow
            if detainer is not None:
                detainer.status = (
                    DetainerStatus.DECLINED
                    if decision
                    else (DetainerStatus.LAPSED if i % 2 else DetainerStatus.CANCELLED)
                )
        case.closure_reason = "Released." if case.status == CaseStatus.RELEASED else "Transferred to ICE."
    CustodyCase.objects.bulk_update(cases, ["status", "closed_at", "transferred_to", "closure_reason"])
    Detainer.objects.bulk_update(detainers, ["status", "hold_until"])


def _ice_access(agency, officer, cases, detainers, decisions, rng) -> None:
    """Every kind of ICE access: (A) answers and transfers, (B) release notices, (D) interviews
    with consent, (C), (E) and (F) through other means."""
    decided = {d.detainer_id: d for d in decisions}
    rows = []

    def access(case, detainer, kind, basis, at, method, text, decision=None):
        rows.append(
            IceAccess(
                agency=agency,
                person_id=case.person_id,
                case=case,
                detainer=detainer,
                decision=decision,
                access_type=kind,
                basis=basis,
                at=at,
                method=method,
                ice_contact_name="ERO Hartford",
                communication=text,
                staff_minutes=rng.choice([5, 10, 15, 30]),
                recorded_by=officer,
            )
        )

    for detainer in detainers:
        case, decision = detainer.case, decided.get(detainer.pk)
        if decision is None or not decision.hold_until:
            continue
        access(
            case,
            detainer,
            AccessType.RESPOND,
            AccessBasis.DETAINER,
            decision.recorded_at + dt.timedelta(minutes=30),
            AccessMethod.PHONE,
            "Told ICE the detainer will be honored.",
            decision,
        )
        access(
            case,
            detainer,
            AccessType.RELEASE_NOTICE,
            AccessBasis.DETAINER,
            case.releasable_at - dt.timedelta(hours=2),
            AccessMethod.EMAIL,
            "Told ICE the person will be released into its custody.",
            decision,
        )
        access(
            case,
            detainer,
            AccessType.RESPOND,
            AccessBasis.DETAINER,
            case.closed_at,
            AccessMethod.CUSTODY,
            "ICE took custody at the sally port.",
            decision,
        )
        if detainer.pk % 4 == 0:
            access(
                case,
                detainer,
                AccessType.INTERVIEW,
                AccessBasis.DETAINER,
                case.booked_at + dt.timedelta(hours=8),
                AccessMethod.IN_PERSON,
                "Interview with the person's signed consent.",
                decision,
            )
    others = [c for c in cases if c.pk not in {d.case_id for d in detainers}]
    for i, case in enumerate(others[::3]):
        kind = (AccessType.NON_PUBLIC_INFO, AccessType.FACILITY, AccessType.PROBATION)[i % 3]
        access(
            case,
            None,
            kind,
            AccessBasis.OTHER,
            case.booked_at + dt.timedelta(hours=3),
            AccessMethod.PHONE,
            "ICE asked by phone; answered as the agency's policy allows.",
        )
    IceAccess.objects.bulk_create(rows)
