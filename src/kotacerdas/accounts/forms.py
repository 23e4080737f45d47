"""HTML forms for accounts, members, tokens and the audit filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from kotacerdas.lib.forms import CleanTextMixin, Form
from kotacerdas.regions.models import Agency, Region

from .history import action_choices
from .models import Role

AUDITED_MODELS = [
    ("", _("All records")),
    ("regions.region", _("Region")),
    ("regions.agency", _("Agency")),
    ("accounts.membership", _("Membership")),
    ("accounts.invitation", _("Invitation")),
]


class LoginForm(CleanTextMixin, AuthenticationForm):
    """Django's log-in form with a message that reads well in Indonesian too."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong username or password. Note that both are case-sensitive."),
    }


class AuditFilterForm(Form):
    model = forms.ChoiceField(label=_("Record type"), required=False, choices=AUDITED_MODELS)
    actor = forms.CharField(label=_("Username"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions")), *action_choices()],
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class InviteForm(Form):
    email = forms.EmailField(label=_("Email address"))
    full_name = forms.CharField(label=_("Full name"), required=False, max_length=150)
    role = forms.ChoiceField(label=_("Role"))
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        required=False,
        help_text=_("Only for agency editors."),
    )

    def __init__(self, *args: Any, region: Region, national: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if region.is_province:
            roles = [Role.PROVINCE_VIEWER]
        else:
            roles = [Role.REGION_COORDINATOR, Role.AGENCY_EDITOR, Role.COUNCIL_MEMBER]
            if national:  # assessors are assigned by the programme office
                roles.append(Role.ASSESSOR)
        role_field: Any = self.fields["role"]
        role_field.choices = [(r.value, r.label) for r in roles]
        self.fields["agency"].queryset = region.agencies.active().order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == Role.AGENCY_EDITOR and not data.get("agency"):
            self.add_error("agency", _("Choose the agency this editor works for."))
        if data.get("role") != Role.AGENCY_EDITOR and data.get("agency"):
            self.add_error("agency", _("Leave the agency empty unless the role is agency editor."))
        return data


class TokenForm(Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. 'dashboard sync'."),
    )


class UserSearchForm(Form):
    q = forms.CharField(label=_("Search name, username or email"), required=False, max_length=100)
