"""Training pages. Officers (TAKE_TRAINING) read modules and take quizzes; trainers
(MANAGE_TRAINING) build modules, question banks and quizzes, assign them and read reports.
No training page shows case data. Views are thin: access helper -> service -> render."""

from .bank import (
    question_accept,
    question_active,
    question_bank,
    question_create,
    question_detail,
    question_edit,
    questions_recheck,
    scenario_create,
)
from .common import MANAGE, PAGE_SIZE, TAKE, bank_back, module_back
from .modules import (
    manage_home,
    module_create,
    module_edit,
    module_manage,
    module_status,
    section_create,
    section_delete,
    section_edit,
)
from .quizzes import assignment_create, assignment_list, quiz_create, quiz_edit, training_settings
from .taking import (
    attempt_result,
    attempt_take,
    certificate_detail,
    module_detail,
    my_training,
    quiz_detail,
    quiz_start,
    section_complete,
)
from .team import team_compliance

__all__ = [
    "MANAGE",
    "PAGE_SIZE",
    "TAKE",
    "assignment_create",
    "assignment_list",
    "attempt_result",
    "attempt_take",
    "bank_back",
    "certificate_detail",
    "manage_home",
    "module_back",
    "module_create",
    "module_detail",
    "module_edit",
    "module_manage",
    "module_status",
    "my_training",
    "question_accept",
    "question_active",
    "question_bank",
    "question_create",
    "question_detail",
    "question_edit",
    "questions_recheck",
    "quiz_create",
    "quiz_detail",
    "quiz_edit",
    "quiz_start",
    "scenario_create",
    "section_complete",
    "team_compliance",
    "section_create",
    "section_delete",
    "section_edit",
    "training_settings",
]
