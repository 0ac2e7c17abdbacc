"""Demo training data: the starter Trust Act module, and its quiz assigned to the desk officers.
Called by ``manage.py seed_demo``; safe to run again."""

import datetime as dt

from django.utils import timezone

from trustportal.accounts.models import User
from trustportal.accounts.roles import Role

from .models import Assignment, AssignmentTarget
from .services import assignment_create, starter_module_load

DEMO_DUE_DAYS = 14


def seed_demo_training(*, agency, stdout):
    trainer = User.objects.filter(agency=agency, groups__name=Role.TRAINER).order_by("pk").first()
    module, created = starter_module_load(agency=agency, acting_user=trainer)
    quiz = module.quizzes.order_by("pk").first()
    stdout.write(f"Training: starter module “{module.title}” {'loaded' if created else 'already present'}.")
    if trainer is None or quiz is None or Assignment.objects.filter(quiz=quiz).exists():
        return
    assignment = assignment_create(
        agency=agency,
        quiz=quiz,
        target=AssignmentTarget.ROLE,
        role=Role.DESK_OFFICER,
        due_at=timezone.now() + dt.timedelta(days=DEMO_DUE_DAYS),
        acting_user=trainer,
    )
    stdout.write(
        f"Training: “{quiz.title}” assigned to desk officers, "
        f"due {timezone.localtime(assignment.due_at):%d %b %Y}."
    )
