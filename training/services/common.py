"""What every training write shares: the field allowlists, the audit helper, validate-and-save."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from training.audit_actions import TrainingAction
from trustportal.audit.services import audit_record

STARTER_PATH = Path(__file__).resolve().parent.parent / "data" / "trust_act_starter.json"
# A browser that submits as the clock runs out needs a moment to reach the server.
TIME_LIMIT_GRACE = dt.timedelta(seconds=10)
MODULE_CONTENT_FIELDS = ("title", "summary", "body", "objectives", "statute_references")
MODULE_FIELDS = (
    *MODULE_CONTENT_FIELDS,
    "estimated_minutes",
    "certificate_valid_days",
    "counts_for_decisions",
)
SECTION_FIELDS = ("position", "title", "body")
QUIZ_FIELDS = (
    "title", "pass_mark_percent", "attempts_allowed", "question_count", "shuffle_questions",
    "shuffle_options", "time_limit_minutes", "feedback",
)  # fmt: skip
SETTINGS_FIELDS = ("require_certificate_for_decisions",)


def _audit(action: TrainingAction, acting_user, obj, agency, **details):
    audit_record(action=action, acting_user=acting_user, obj=obj, agency=agency, details=details)


def _save(instance):
    instance.full_clean()
    instance.save()
    return instance
