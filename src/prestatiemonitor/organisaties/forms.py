"""Django's own account forms, with the NL Design System classes on their inputs.

The fields, validation, labels and ``autocomplete`` attributes stay Django's (translated to
Dutch by Django itself); only the CSS classes are added here.
"""

from django.contrib.auth import forms as auth_forms


class NLDesignSystemMixin:
    textbox_class = "utrecht-textbox utrecht-textbox--html-input"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            existing = field.widget.attrs.get("class", "")
            field.widget.attrs["class"] = f"{existing} {self.textbox_class}".strip()


class LoginForm(NLDesignSystemMixin, auth_forms.AuthenticationForm):
    pass


class WachtwoordWijzigenForm(NLDesignSystemMixin, auth_forms.PasswordChangeForm):
    pass


class WachtwoordVergetenForm(NLDesignSystemMixin, auth_forms.PasswordResetForm):
    pass


class NieuwWachtwoordForm(NLDesignSystemMixin, auth_forms.SetPasswordForm):
    pass
