"""Training forms. Messages say what is wrong and what to do, in plain words."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.rules.scenario import CONVICTION_CLASSES, DETAINER_FORMS, JURISDICTIONS
from trustportal.accounts.models import User
from trustportal.common.forms import add_service_error

from .models import (
    TAKER_ROLES,
    AssignmentTarget,
    EngineAction,
    Module,
    Question,
    QuestionKind,
    Quiz,
    Section,
    TrainingSettings,
)
from .scenarios import FLAGS, PARTICIPATION_WORDS, build_scenario, form_initial

DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
RULE_SET_CHOICES = [
    ("", "The one in force at the decision time"),
    ("ct-2013", "ct-2013 (Public Act 13-155)"),
    ("ct-2019", "ct-2019 (Public Acts 19-20 and 19-23)"),
    ("ct-2025", "ct-2025 (2025 act, pending counsel review)"),
    ("none", "none (what-if: no state restriction)"),
]
DOCUMENT_KIND_CHOICES = [
    ("", "—"),
    ("administrative_warrant", "Administrative warrant (ICE/CBP: I-200, I-205, NTA …)"),
    ("judicial_warrant", "Judicial warrant (signed by a judge)"),
    ("unclear", "Unclear"),
]
JURISDICTION_WORDS = {
    "CT": "Connecticut",
    "other_state": "Another state",
    "federal": "Federal",
    "foreign": "Foreign",
}
BOND_CHOICES = [("unknown", "Not recorded"), ("no", "No"), ("yes", "Yes")]
BOND_VALUES = {"unknown": None, "no": False, "yes": True}


def local_datetime_field(label, required=True, help_text=""):
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def _textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


# --- modules and sections -----------------------------------------------------------------------


class ModuleForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = [
            "title", "summary", "body", "objectives", "statute_references", "estimated_minutes",
            "certificate_valid_days", "counts_for_decisions",
        ]  # fmt: skip
        widgets = {"summary": _textarea(2), "body": _textarea(8), "objectives": _textarea(4),
                   "statute_references": _textarea(3)}  # fmt: skip
        labels = {"body": "Introduction (Markdown)"}


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["position", "title", "body"]
        widgets = {"body": _textarea(14)}
        labels = {"body": "Text (Markdown)"}


# --- questions ----------------------------------------------------------------------------------------


class ChoiceQuestionForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[
            (k.value, k.label) for k in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE)
        ]
    )
    prompt = forms.CharField(widget=_textarea(3), label="Question")
    options = forms.CharField(
        widget=_textarea(5),
        required=False,
        help_text="One option per line. Put * before each right answer. Not used for true or false.",
    )
    statement_is = forms.ChoiceField(
        label="For a true-or-false question, the statement is",
        choices=[("", "—"), ("true", "True"), ("false", "False")],
        required=False,
    )
    explanation = forms.CharField(
        widget=_textarea(4), required=False, help_text="Shown after the attempt. Markdown."
    )
    citations = forms.CharField(
        widget=_textarea(2), required=False, help_text="One per line, e.g. C.G.S. § 54-192h(b)."
    )

    @classmethod
    def for_version(cls, question, data=None):
        version = question.current_version
        lines = [("* " if o["key"] in version.correct else "") + o["text"] for o in version.options]
        initial = {
            "kind": question.kind,
            "prompt": version.prompt,
            "options": "\n".join(lines) if question.kind != QuestionKind.TRUE_FALSE else "",
            "statement_is": version.correct[0] if question.kind == QuestionKind.TRUE_FALSE else "",
            "explanation": version.explanation,
            "citations": version.citations,
        }
        form = cls(data, initial=initial)
        form.fields["kind"].disabled = True
        return form

    def clean(self):
        data = super().clean()
        if data.get("kind") == QuestionKind.TRUE_FALSE:
            if not data.get("statement_is"):
                self.add_error("statement_is", "Say whether the statement is true or false.")
            data["option_texts"] = ["True", "False"]
            data["correct_indexes"] = [0 if data.get("statement_is") == "true" else 1]
            return data
        lines = [line.strip() for line in (data.get("options") or "").splitlines() if line.strip()]
        data["option_texts"] = [line.lstrip("*").strip() for line in lines]
        data["correct_indexes"] = [i for i, line in enumerate(lines) if line.startswith("*")]
        return data

    def content(self) -> dict:
        d = self.cleaned_data
        return {"prompt": d["prompt"], "options": d["option_texts"], "correct": d["correct_indexes"],
                "explanation": d["explanation"], "citations": d["citations"]}  # fmt: skip


class ScenarioFactsForm(forms.Form):
    decided_at = local_datetime_field(
        "Decided at", help_text="When the officer acts; picks the law in force."
    )
    rule_set = forms.ChoiceField(choices=RULE_SET_CHOICES, required=False, label="Rule set")
    releasable_at = local_datetime_field(
        "Would otherwise be released at", required=False, help_text="Starts the 48-hour clock. Optional."
    )
    interview_consent = forms.BooleanField(
        required=False, label="The person gave written consent to an ICE interview"
    )
    interview_requires_consent = forms.BooleanField(
        required=False,
        label="Agency policy: no ICE interview without the person's written consent",
        help_text="Agency policy, not law (the statute asks for no consent).",
    )
    detainer_form = forms.ChoiceField(
        choices=[(f, f) for f in DETAINER_FORMS], initial="I-247A", label="Detainer form"
    )
    requests_notification = forms.BooleanField(
        required=False, initial=True, label="The detainer asks to be told the release date and time"
    )
    tsdb_possible_match = forms.BooleanField(required=False, label=FLAGS["tsdb_possible_match"])
    outstanding_ct_warrant = forms.BooleanField(required=False, label=FLAGS["outstanding_ct_warrant"])
    gang_database_match = forms.BooleanField(required=False, label=FLAGS["gang_database_match"])
    final_order_of_removal = forms.BooleanField(required=False, label=FLAGS["final_order_of_removal"])
    public_safety_risk = forms.BooleanField(required=False, label=FLAGS["public_safety_risk"])
    interview_court_order = forms.BooleanField(required=False, label=FLAGS["interview_court_order"])

    def clean(self):
        data = super().clean()
        decided, releasable = data.get("decided_at"), data.get("releasable_at")
        if decided and releasable and releasable > decided + dt.timedelta(days=30):
            self.add_error("releasable_at", "The release time is more than 30 days after the decision time.")
        return data


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(choices=DOCUMENT_KIND_CHOICES, label="Document kind")
    form = forms.CharField(max_length=40, required=False, label="Form", help_text="e.g. I-205")


class ConvictionForm(forms.Form):
    statute = forms.CharField(max_length=20, help_text="e.g. 53a-55")
    subdivision = forms.CharField(max_length=12, required=False, help_text="e.g. a2")
    victim_age = forms.IntegerField(required=False, min_value=0, max_value=150, label="Victim's age")
    felony_class = forms.ChoiceField(
        choices=[("", "From the catalogue")] + [(c, c) for c in CONVICTION_CLASSES],
        required=False,
        label="Class override",
    )
    jurisdiction = forms.ChoiceField(
        choices=[(j, JURISDICTION_WORDS[j]) for j in JURISDICTIONS], initial="CT"
    )
    juvenile = forms.BooleanField(required=False, label="Juvenile adjudication")
    participation = forms.ChoiceField(
        choices=list(PARTICIPATION_WORDS.items()), initial="principal", required=False, label="Participation"
    )
    offense_date = forms.DateField(
        required=False,
        label="Offense date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        help_text="The class is the one in force then.",
    )

    @property
    def changed_data(self):
        """A blank row stays blank whatever its participation says (principal is the default)."""
        return [n for n in super().changed_data if n != "participation" or self["participation"].data]

    def clean_participation(self):
        return self.cleaned_data["participation"] or "principal"


class ChargeForm(forms.Form):
    statute = forms.CharField(max_length=20, help_text="e.g. 53a-70")
    subdivision = forms.CharField(max_length=12, required=False)
    bond_posted = forms.ChoiceField(choices=BOND_CHOICES, initial="unknown", label="Bond posted")

    def clean_bond_posted(self):
        return BOND_VALUES[self.cleaned_data["bond_posted"]]


DocumentFormSet = forms.formset_factory(DocumentForm, extra=2, can_delete=True)
ConvictionFormSet = forms.formset_factory(ConvictionForm, extra=2, can_delete=True)
ChargeFormSet = forms.formset_factory(ChargeForm, extra=2, can_delete=True)


class ScenarioQuestionForm(forms.Form):
    action = forms.ChoiceField(choices=EngineAction.choices, label="The question asks about")
    ask_hold_until = forms.BooleanField(
        required=False,
        label="Also ask for the hold deadline",
        help_text="Only for 'Detain' when the engine permits a hold and a release time is given.",
    )
    prompt = forms.CharField(
        widget=_textarea(2), required=False, label="Question text", help_text="Blank: a standard wording."
    )
    explanation = forms.CharField(
        widget=_textarea(3),
        required=False,
        help_text="Shown after the attempt, above the engine's reasoning.",
    )
    citations = forms.CharField(widget=_textarea(2), required=False, help_text="One per line (optional).")


def _rows(formset) -> list[dict]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


class ScenarioForms:
    """The forms of a scenario question: the question, the facts and three lists."""

    def __init__(self, data=None, version=None):
        initial = form_initial(version.scenario) if version is not None else {}
        question_initial = (
            {
                k: getattr(version, k)
                for k in ("action", "ask_hold_until", "prompt", "explanation", "citations")
            }
            if version is not None
            else {}
        )
        self.question = ScenarioQuestionForm(data, initial=question_initial)
        self.facts = ScenarioFactsForm(data, initial=initial.get("facts"))
        self.documents = DocumentFormSet(data, prefix="documents", initial=initial.get("documents"))
        self.convictions = ConvictionFormSet(data, prefix="convictions", initial=initial.get("convictions"))
        self.charges = ChargeFormSet(data, prefix="charges", initial=initial.get("charges"))

    def is_valid(self) -> bool:
        parts = (self.question, self.facts, self.documents, self.convictions, self.charges)
        results = [p.is_valid() for p in parts]  # every part, so that every error shows at once
        return all(results)

    def content(self) -> dict:
        scenario = build_scenario(
            facts=self.facts.cleaned_data,
            documents=_rows(self.documents),
            convictions=_rows(self.convictions),
            charges=_rows(self.charges),
        )
        return {"scenario": scenario, **self.question.cleaned_data}

    def add_error(self, exc: ValidationError):
        add_service_error(self.question, exc)


# --- quizzes, assignments, settings -------------------------------------------------------------------


class QuizForm(forms.ModelForm):
    questions: forms.ModelMultipleChoiceField[Question] = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label="Question pool", required=False
    )

    class Meta:
        model = Quiz
        fields = [
            "title", "pass_mark_percent", "attempts_allowed", "question_count", "shuffle_questions",
            "shuffle_options", "time_limit_minutes", "feedback",
        ]  # fmt: skip

    def __init__(self, *args, module, **kwargs):
        super().__init__(*args, **kwargs)
        pool = module.questions.filter(is_active=True).select_related("current_version").order_by("pk")
        self.fields["questions"].queryset = pool
        self.fields["questions"].label_from_instance = _question_label
        if self.instance.pk is None:
            self.fields["questions"].initial = list(pool)
        else:
            self.fields["questions"].initial = list(self.instance.questions.all())

    def quiz_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "questions"}


def _question_label(question) -> str:
    prompt = question.current_version.prompt if question.current_version_id else ""
    return f"Q{question.pk} · {question.get_kind_display()} · {prompt[:90]}"


def _quiz_label(quiz: Quiz) -> str:
    label = f"{quiz.title} ({quiz.module.title})"
    if not quiz.module.is_published:
        label += f" – module {quiz.module.get_status_display().lower()}, cannot be assigned yet"
    return label


class AssignmentForm(forms.Form):
    quiz: forms.ModelChoiceField[Quiz] = forms.ModelChoiceField(
        queryset=None, help_text="Only quizzes of published modules can be assigned."
    )
    target = forms.ChoiceField(
        choices=AssignmentTarget.choices,
        widget=forms.RadioSelect,
        initial=AssignmentTarget.ROLE,
        label="Assign to",
    )
    role = forms.ChoiceField(choices=[("", "—")] + TAKER_ROLES, required=False)
    users: forms.ModelMultipleChoiceField[User] = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label="Named staff"
    )
    due_at = local_datetime_field("Due")

    def __init__(self, *args, quizzes, takers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quiz"].queryset = quizzes
        self.fields["quiz"].label_from_instance = _quiz_label
        self.fields["users"].queryset = takers
        self.fields["users"].label_from_instance = lambda u: f"{u} ({u.username})"

    def clean(self):
        data = super().clean()
        target = data.get("target")
        if target == AssignmentTarget.ROLE and not data.get("role"):
            self.add_error("role", "Pick the role to assign the quiz to.")
        if target == AssignmentTarget.USERS and not data.get("users"):
            self.add_error("users", "Pick at least one person.")
        return data


class TrainingSettingsForm(forms.ModelForm):
    class Meta:
        model = TrainingSettings
        fields = ["require_certificate_for_decisions"]


# --- taking a quiz -------------------------------------------------------------------------------------


class AttemptForm(forms.Form):
    """One field per drawn question (``q<position>``), plus ``q<position>_hold`` where asked.
    Nothing here knows which option is right."""

    def __init__(self, *args, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.answers = answers
        for answer in answers:
            self._add_fields(answer)

    def _add_fields(self, answer):
        version, name = answer.question_version, f"q{answer.position}"
        texts = version.option_texts
        choices = [(key, texts[key]) for key in answer.option_order]
        saved = answer.response or {}
        if version.question.kind == QuestionKind.MULTIPLE:
            field = forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, required=False
            )
            field.initial = saved.get("choices") or []
        else:
            field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, required=False)
            field.initial = (saved.get("choices") or [None])[0]
        field.label = "Your answer"
        self.fields[name] = field
        if version.ask_hold_until:
            hold = local_datetime_field("Hold until (latest)", required=False)
            if saved.get("hold_until"):
                hold.initial = timezone.localtime(dt.datetime.fromisoformat(saved["hold_until"]))
            self.fields[f"{name}_hold"] = hold

    def items(self):
        """(answer, field, hold field or None) per question, in order, for the template."""
        for answer in self.answers:
            name = f"q{answer.position}"
            hold = self[f"{name}_hold"] if f"{name}_hold" in self.fields else None
            yield answer, self[name], hold

    def responses(self) -> dict:
        out: dict[int, dict[str, object] | None] = {}
        for answer in self.answers:
            name = f"q{answer.position}"
            value = self.cleaned_data.get(name)
            choices = list(value) if isinstance(value, list) else ([value] if value else [])
            hold = self.cleaned_data.get(f"{name}_hold")
            if not choices and not hold:
                out[answer.position] = None
                continue
            out[answer.position] = {"choices": choices, "hold_until": hold.isoformat() if hold else None}
        return out
