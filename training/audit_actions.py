"""Every audit action the training app writes (registered with the audit trail in apps.py)."""

from django.db import models


class TrainingAction(models.TextChoices):
    MODULE_CREATE = "training.module.create", "Training module created"
    MODULE_UPDATE = "training.module.update", "Training module changed"
    MODULE_STATUS = "training.module.status", "Training module published or retired"
    SECTION_CREATE = "training.section.create", "Module section added"
    SECTION_UPDATE = "training.section.update", "Module section changed"
    SECTION_DELETE = "training.section.delete", "Module section deleted"
    SECTION_COMPLETE = "training.section.complete", "Module section completed"
    QUESTION_CREATE = "training.question.create", "Question added"
    QUESTION_UPDATE = "training.question.update", "Question changed"
    QUESTION_RETIRE = "training.question.retire", "Question retired"
    QUESTION_RESTORE = "training.question.restore", "Question restored"
    QUESTION_ACCEPT_ENGINE = "training.question.accept_engine", "Question's new computed answer accepted"
    QUESTIONS_RECHECK = "training.questions.recheck", "Questions re-checked against the rule engine"
    QUIZ_CREATE = "training.quiz.create", "Quiz created"
    QUIZ_UPDATE = "training.quiz.update", "Quiz changed"
    ASSIGNMENT_CREATE = "training.assignment.create", "Training assigned"
    ASSIGNMENT_JOIN = "training.assignment.join", "Joined a role's or the agency's training"
    ATTEMPT_START = "training.attempt.start", "Quiz attempt started"
    ATTEMPT_SAVE = "training.attempt.save", "Quiz answers saved"
    ATTEMPT_SUBMIT = "training.attempt.submit", "Quiz attempt submitted"
    CERTIFICATE_ISSUE = "training.certificate.issue", "Certificate issued"
    SETTINGS_UPDATE = "training.settings.update", "Training settings changed"
    REPORT_EXPORT = "training.report.export", "Training report exported"
