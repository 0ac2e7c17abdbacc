from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import Group

from .models import User
from .roles import STATEWIDE_ROLES, Role


class BannerLoginForm(AuthenticationForm):
    """Username and password, and the acknowledgement of the system-use banner."""

    acknowledge = forms.BooleanField(
        label="I have read the notice above and agree to its terms.",
        error_messages={"required": "Please acknowledge the notice to sign in."},
    )

    error_messages = {
        "invalid_login": "The username or password is not right. Check both and try again. "
        "After 5 failed attempts the account is locked.",
        "inactive": "This account is disabled. Ask your agency administrator.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.banner = settings.LOGIN_BANNER
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Sign in", css_class="w-100"))

    def clean_username(self):
        username = self.cleaned_data.get("username", "")
        if len(username) > 150:
            raise forms.ValidationError("A username has at most 150 characters.")
        return username


class TokenForm(forms.Form):
    token = forms.CharField(
        label="6-digit code from your authenticator app",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "pattern": "[0-9]{6}",
            }
        ),
        error_messages={"min_length": "The code has 6 digits.", "max_length": "The code has 6 digits."},
    )

    def __init__(self, *args, submit_label="Verify", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", submit_label))

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError("The code is 6 digits, numbers only.")
        return token


def _role_choices():
    """The roles an agency admin grants: not the statewide ones (the system administrator's)."""
    return [(r.value, r.label) for r in Role if r not in STATEWIDE_ROLES]


class StaffForm(forms.ModelForm):
    """An agency admin's form for a staff account of their own agency."""

    roles = forms.MultipleChoiceField(
        choices=_role_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="What this person may do. An account with no role can only sign in.",
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "badge_number", "is_active"]
        labels = {"is_active": "Account active"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        if self.instance.pk:
            self.initial["roles"] = [
                g.name for g in self.instance.groups.all() if g.name not in STATEWIDE_ROLES
            ]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Save"))

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        clash = User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("That username is taken. Choose another.")
        return username


class NewStaffForm(StaffForm):
    password = forms.CharField(
        label="Initial password",
        widget=forms.PasswordInput(render_value=False),
        help_text="At least 12 characters, not common, not all digits. "
        "Give it to the person in person; they enrol their authenticator at first sign-in.",
    )

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            probe = User(
                username=cleaned.get("username", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
                email=cleaned.get("email", ""),
            )
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return cleaned


def groups_for(role_names) -> list[Group]:
    return list(Group.objects.filter(name__in=role_names))
