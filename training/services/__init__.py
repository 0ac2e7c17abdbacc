"""Every write in training: atomic, audited in the same transaction, named <thing>_<verb>.

Refusals raise ``django.core.exceptions.ValidationError`` in plain words and change nothing.
Scenario questions get their answer from the rule engine here, never from the trainer."""

from .attempts import attempt_save, attempt_start, attempt_submit, training_settings_update
from .common import (
    MODULE_CONTENT_FIELDS,
    MODULE_FIELDS,
    QUIZ_FIELDS,
    SECTION_FIELDS,
    SETTINGS_FIELDS,
    STARTER_PATH,
    TIME_LIMIT_GRACE,
)
from .modules import (
    module_create,
    module_set_status,
    module_update,
    section_complete,
    section_create,
    section_delete,
    section_update,
)
from .questions import (
    question_accept_engine,
    question_create,
    question_set_active,
    question_update,
    questions_recheck,
)
from .quizzes import assignment_create, assignment_members_join, quiz_create, quiz_update
from .starter import starter_data, starter_module_load

__all__ = [
    "MODULE_CONTENT_FIELDS",
    "MODULE_FIELDS",
    "QUIZ_FIELDS",
    "SECTION_FIELDS",
    "SETTINGS_FIELDS",
    "STARTER_PATH",
    "TIME_LIMIT_GRACE",
    "assignment_create",
    "assignment_members_join",
    "attempt_save",
    "attempt_start",
    "attempt_submit",
    "module_create",
    "module_set_status",
    "module_update",
    "question_accept_engine",
    "question_create",
    "question_set_active",
    "question_update",
    "questions_recheck",
    "quiz_create",
    "quiz_update",
    "section_complete",
    "section_create",
    "section_delete",
    "section_update",
    "starter_data",
    "starter_module_load",
    "training_settings_update",
]
