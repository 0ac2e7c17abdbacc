"""Forms of the decision screen, the review queue and counsel sign-off.

The rules themselves (an override needs a supervisor's approval first, the person must be told, ...) live in
``decision_services``; these forms only read the input, and the views put the services'
refusals on them.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone

from cases.decisions.presenters import LATEST_FIRST, OFFICER_FACTS
from cases.models import DecisionAction, ReviewOutcome
from cases.rules import RULE_SETS

INTERVIEW_CONSENT = "interview_consent"
TOGGLE_FACTS = (*OFFICER_FACTS, INTERVIEW_CONSENT)


def _helper(submit_label: str | None = None) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    if submit_label:
        helper.add_input(Submit("submit", submit_label))
    return helper


class DecisionForm(forms.Form):
    actions = forms.MultipleChoiceField(
        label="What did you do?",
        choices=DecisionAction.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one action."},
    )
    rationale = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="In a sentence or two: the facts and the rule you relied on.",
        error_messages={"required": "Explain the decision in a sentence or two."},
    )
    person_informed = forms.BooleanField(
        label="I told the person that ICE asked for their detention (C.G.S. § 54-192h).",
        required=False,
    )
    duties_done = forms.MultipleChoiceField(
        label="Which duties have you done?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The duties the law puts on the agency for this detainer. Tick those done; "
        "one done later can be marked on the decision's record.",
    )

    def __init__(self, *args, duty_choices=(), submit_label="Record the decision", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duties_done"].choices = list(duty_choices)
        if not duty_choices:
            del self.fields["duties_done"]
        self.helper = _helper(submit_label)


class DutyDoneForm(forms.Form):
    """A duty of a recorded decision done later, and when."""

    duty = forms.CharField(widget=forms.HiddenInput)
    done_at = forms.DateTimeField(
        label="Done at",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
        help_text="Leave empty for now.",
    )


class FactCorrectForm(forms.Form):
    """Correct the record: one officer-checked fact (or the interview consent) set to yes or
    no, with the reason (the service refuses a correction without one, in its own words)."""

    fact = forms.ChoiceField(choices=[(f, f) for f in TOGGLE_FACTS])
    value = forms.TypedChoiceField(choices=[("1", "yes"), ("0", "no")], coerce=lambda v: v == "1")
    reason = forms.CharField(required=False, max_length=500)


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose approve or return."},
    )
    comments = forms.CharField(
        label="Comments for the officer",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you return the decision: say what the officer should correct.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Record the review")


class SignOffForm(forms.Form):
    rule_set = forms.ChoiceField(
        label="Rule set",
        choices=[(rs, f"{rs}: {RULE_SETS[rs].title}") for rs in LATEST_FIRST],
    )
    counsel_name = forms.CharField(label="Counsel who signed off", max_length=200)
    signed_on = forms.DateField(
        label="Signed on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        initial=timezone.localdate,
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="e.g. the memo or opinion reference, and any rule counsel did not approve.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Record the sign-off")


class OverrideRequestForm(forms.Form):
    """Ask a supervisor to approve actions the guidance prohibits or leaves to legal review."""

    actions = forms.MultipleChoiceField(
        label="Actions to allow",
        choices=[c for c in DecisionAction.choices if c[0] != DecisionAction.DECLINE],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the actions the override would allow."},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The facts that justify departing from the guidance. The supervisor reads it; it stays on "
        "the decision's record.",
        error_messages={"required": "Give the reason for the override."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Ask a supervisor to approve")


class OverrideReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("approved", "Approve"), ("rejected", "Reject")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose approve or reject."},
    )
    comments = forms.CharField(
        label="Comments",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when you reject the override.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Record the review")
