"""The cases app's models, one module per concept. Fields, constraints and small properties
only: every write goes through a service."""

from cases.models.catalogue import (
    STATUTE_VALIDATOR,
    SUBDIVISION_VALIDATOR,
    Candidate2025,
    Confidence,
    FelonyClass,
    Offense,
)
from cases.models.custody import (
    CaseStatus,
    Charge,
    ChargeStatus,
    Conviction,
    ConvictionSource,
    CustodyCase,
    Jurisdiction,
    ReleasableReason,
)
from cases.models.decisions import (
    ENGINE_ACTION,
    Decision,
    DecisionAction,
    DecisionDuty,
    DecisionReview,
    ReviewOutcome,
    RuleSetSignOff,
)
from cases.models.detainers import (
    LAST_DAY_OF_OLD_DETAINER_FORMS,
    ContactNature,
    Detainer,
    DetainerDocument,
    DetainerForm,
    DetainerScan,
    DetainerStatus,
    DocumentKind,
    IceContact,
    scan_path,
)
from cases.models.people import (
    A_NUMBER_RE,
    Person,
    Sex,
    normalise_a_number,
)
from cases.models.reminders import CaseReminderKind, ReminderPolicy

__all__ = [
    "A_NUMBER_RE",
    "normalise_a_number",
    "Sex",
    "Person",
    "STATUTE_VALIDATOR",
    "SUBDIVISION_VALIDATOR",
    "FelonyClass",
    "Confidence",
    "Offense",
    "Candidate2025",
    "CaseStatus",
    "ReleasableReason",
    "CustodyCase",
    "ChargeStatus",
    "Charge",
    "Jurisdiction",
    "ConvictionSource",
    "Conviction",
    "LAST_DAY_OF_OLD_DETAINER_FORMS",
    "DetainerForm",
    "DetainerStatus",
    "Detainer",
    "DocumentKind",
    "DetainerDocument",
    "scan_path",
    "DetainerScan",
    "ContactNature",
    "IceContact",
    "DecisionAction",
    "DecisionDuty",
    "ENGINE_ACTION",
    "Decision",
    "ReviewOutcome",
    "DecisionReview",
    "RuleSetSignOff",
    "CaseReminderKind",
    "ReminderPolicy",
]
