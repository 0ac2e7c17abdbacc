"""Training: modules and their sections, a question bank per module (scenario questions are
answered by the rule engine), quizzes, assignments, attempts and certificates (DESIGN §7).

Every row belongs to one agency, directly (``agency``) or through its module. Question
content lives in immutable ``QuestionVersion`` rows: an edit writes a new version, so an
attempt's answers stay tied to the exact wording, options and computed answer the officer saw.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from trustportal.accounts.roles import Role


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ModuleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class Module(models.Model):
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="Introduction, in Markdown.")
    objectives = models.TextField(blank=True, help_text="Learning objectives, one per line.")
    statute_references = models.TextField(blank=True, help_text="Statutes and rules cited, one per line.")
    estimated_minutes = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=10, choices=ModuleStatus.choices, default=ModuleStatus.DRAFT)
    certificate_valid_days = models.PositiveSmallIntegerField(
        "certificate valid for (days)",
        default=365,
        validators=[MinValueValidator(1), MaxValueValidator(1830)],
    )
    counts_for_decisions = models.BooleanField(
        "Trust Act certificate",
        default=False,
        help_text="A current certificate for this module lets a desk officer record detainer "
        "decisions when the agency requires one.",
    )
    source_key = models.CharField(max_length=60, blank=True, help_text="Id of the shipped data it came from.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "source_key"], condition=~Q(source_key=""), name="module_source_once"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def objectives_list(self):
        return _lines(self.objectives)

    @property
    def statute_list(self):
        return _lines(self.statute_references)

    @property
    def is_published(self):
        return self.status == ModuleStatus.PUBLISHED


class Section(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown.")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class SectionProgress(models.Model):
    """An officer has read a section."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="progress")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["section", "user"], name="section_progress_once")]

    def __str__(self):
        return f"{self.user} read {self.section}"


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    TRUE_FALSE = "true_false", "True or false"
    SCENARIO = "scenario", "Detainer scenario (answered by the rule engine)"


class EngineAction(models.TextChoices):
    DETAIN = "detain", "Detain (hold for ICE)"
    NOTIFY_RELEASE = "notify_release", "Notify ICE of the release date and time"
    TRANSFER = "transfer", "Transfer to ICE custody"
    INTERVIEW = "interview", "Let ICE interview the person"


class Question(models.Model):
    """A question's identity in its module's bank; its content is in ``current_version``."""

    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="questions")
    kind = models.CharField(max_length=12, choices=QuestionKind.choices)
    current_version = models.ForeignKey(
        "QuestionVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_active = models.BooleanField(default=True)
    needs_check = models.BooleanField(default=False)
    check_note = models.TextField(blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    source_key = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["module", "source_key"], condition=~Q(source_key=""), name="question_source_once"
            ),
        ]

    def __str__(self):
        prompt = self.current_version.prompt if self.current_version_id else ""
        return f"Question {self.pk}: {prompt[:60]}"

    @property
    def is_scenario(self):
        return self.kind == QuestionKind.SCENARIO


class QuestionVersion(models.Model):
    """One immutable version of a question: what an officer saw and what counted as right.

    ``options`` is a list of ``{"key", "text"}``; ``correct`` the list of correct keys. For a
    scenario question the options are the three verdicts and ``correct`` was computed by the
    rule engine (``engine_result``, with the engine and catalogue versions it used).
    """

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    prompt = models.TextField()
    options = models.JSONField(default=list)
    correct = models.JSONField(default=list)
    explanation = models.TextField(blank=True, help_text="Markdown, shown after the attempt.")
    citations = models.TextField(blank=True, help_text="One per line.")
    scenario = models.JSONField(null=True, blank=True)
    action = models.CharField(max_length=16, choices=EngineAction.choices, blank=True)
    ask_hold_until = models.BooleanField(default=False)
    correct_hold_until = models.DateTimeField(null=True, blank=True)
    engine_result = models.JSONField(null=True, blank=True)
    engine_version = models.CharField(max_length=20, blank=True)
    catalogue_version = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question", "number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="question_version_once"),
            models.CheckConstraint(
                condition=~Q(action="") | Q(scenario__isnull=True), name="scenario_version_has_action"
            ),
        ]

    def __str__(self):
        return f"Question {self.question_id} v{self.number}"

    @property
    def citation_list(self):
        return _lines(self.citations)

    @property
    def option_texts(self):
        return {o["key"]: o["text"] for o in self.options}


class QuizFeedback(models.TextChoices):
    SCORE = "score", "The score only"
    WRONG = "wrong", "The score and which answers were wrong"
    FULL = "full", "The score, which were wrong, the right answers and the explanations"


class Quiz(models.Model):
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="quizzes")
    title = models.CharField(max_length=200)
    pass_mark_percent = models.PositiveSmallIntegerField(
        "pass mark (%)", default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        null=True, blank=True, default=3, validators=[MinValueValidator(1)], help_text="Blank: no limit."
    )
    question_count = models.PositiveSmallIntegerField(
        "questions per attempt",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Blank: every question in the pool. A number: a random draw of that many.",
    )
    shuffle_questions = models.BooleanField(default=True)
    shuffle_options = models.BooleanField(default=True)
    time_limit_minutes = models.PositiveSmallIntegerField(
        "time limit (minutes)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Blank: none.",
    )
    feedback = models.CharField(
        "after submitting, the officer sees",
        max_length=8,
        choices=QuizFeedback.choices,
        default=QuizFeedback.FULL,
    )
    questions = models.ManyToManyField(Question, related_name="quizzes", blank=True)
    source_key = models.CharField(max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name_plural = "quizzes"
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark_percent__gte=1, pass_mark_percent__lte=100), name="quiz_pass_mark_range"
            ),
        ]

    def __str__(self):
        return self.title


class AssignmentTarget(models.TextChoices):
    USERS = "users", "Named staff"
    ROLE = "role", "Everyone with a role"
    AGENCY = "agency", "The whole agency"


TAKER_ROLES = [
    (r.value, r.label) for r in (Role.DESK_OFFICER, Role.SUPERVISOR, Role.TRAINER, Role.AGENCY_ADMIN)
]


class Assignment(models.Model):
    """A quiz assigned with a due date. Its members are fixed when it is made."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="assignments")
    target = models.CharField(max_length=8, choices=AssignmentTarget.choices)
    role = models.CharField(max_length=32, blank=True, choices=TAKER_ROLES)
    due_at = models.DateTimeField()
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(target="role") | ~Q(role=""), name="assignment_role_named"),
        ]

    def __str__(self):
        return f"{self.quiz} due {self.due_at:%Y-%m-%d}"

    @property
    def audience(self):
        if self.target == AssignmentTarget.ROLE:
            return f"Everyone with the role {self.role}"
        return self.get_target_display()


class AssignmentMember(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_assignments"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    attempt = models.ForeignKey("Attempt", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["assignment", "user"]
        constraints = [models.UniqueConstraint(fields=["assignment", "user"], name="assignment_member_once")]

    def __str__(self):
        return f"{self.user} on {self.assignment}"


class Attempt(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_attempts"
    )
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    deadline_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    late = models.BooleanField(default=False, help_text="Submitted after the time limit.")
    correct_count = models.PositiveSmallIntegerField(default=0)
    question_total = models.PositiveSmallIntegerField(default=0)
    score_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "user", "number"], name="attempt_number_once"),
            models.UniqueConstraint(
                fields=["quiz", "user"], condition=Q(submitted_at__isnull=True), name="attempt_one_open"
            ),
        ]

    def __str__(self):
        return f"Attempt {self.number} of {self.quiz} by {self.user}"

    @property
    def is_submitted(self):
        return self.submitted_at is not None


class AttemptAnswer(models.Model):
    """One drawn question of an attempt, pinned to the version the officer saw."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveSmallIntegerField()
    question_version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="+")
    option_order = models.JSONField(default=list)
    response = models.JSONField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    is_correct = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="attempt_position_once")]

    def __str__(self):
        return f"{self.attempt} #{self.position}"


class Certificate(models.Model):
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_certificates"
    )
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="certificates")
    module_version = models.PositiveIntegerField()
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="+")
    attempt = models.OneToOneField(Attempt, on_delete=models.PROTECT, related_name="certificate")
    score_percent = models.PositiveSmallIntegerField()
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("issued_at")), name="certificate_expires_later"
            ),
        ]
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self):
        return f"Certificate {self.number}"

    @property
    def number(self):
        return f"TP-{self.issued_at:%Y}-{self.pk:06d}"


class TrainingSettings(models.Model):
    """An agency's training policy; an agency without a row requires nothing."""

    agency = models.OneToOneField(
        "accounts.Agency", on_delete=models.CASCADE, related_name="training_settings"
    )
    require_certificate_for_decisions = models.BooleanField(
        "desk officers need a current Trust Act certificate to record detainer decisions", default=False
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "training settings"

    def __str__(self):
        return f"Training settings of {self.agency}"
