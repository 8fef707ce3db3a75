"""Django's own account forms, with the NL Design System classes on their inputs, and the
forms of the members pages.

For the account forms the fields, validation, labels and ``autocomplete`` attributes stay
Django's (translated to Dutch by Django itself); only the CSS classes are added here.
"""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from .constants import Rol
from .mailtekst import naam_fout


class NLDesignSystemMixin:
    textbox_class = "utrecht-textbox utrecht-textbox--html-input"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            existing = field.widget.attrs.get("class", "")
            field.widget.attrs["class"] = f"{existing} {self.textbox_class}".strip()


class LoginForm(NLDesignSystemMixin, auth_forms.AuthenticationForm):
    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        # The service account of an API key never logs in, even if someone gave it a password
        # in the Django admin (docs/beveiliging.md, "API-sleutels").
        if hasattr(user, "api_sleutel"):
            raise forms.ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class WachtwoordWijzigenForm(NLDesignSystemMixin, auth_forms.PasswordChangeForm):
    pass


class WachtwoordVergetenForm(NLDesignSystemMixin, auth_forms.PasswordResetForm):
    pass


class NieuwWachtwoordForm(NLDesignSystemMixin, auth_forms.SetPasswordForm):
    pass


# --------------------------------------------------------------------------------------------
# Members of an organisation (the beheerder's pages). The services decide the rest.

_TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
_SELECT = "utrecht-select utrecht-select--html-select"

ROL_UITLEG = _(
    "Een beheerder beheert de leden van de organisatie; bij een gemeente importeert, publiceert "
    "en bijstelt hij ook de afspraken. Een redacteur en een lezer lezen alle afspraken waarbij "
    "de organisatie partij is, ook als ze nog niet gepubliceerd zijn."
)


class _LidRolFunctieForm(forms.Form):
    rol = forms.ChoiceField(
        label=_("Rol"),
        choices=Rol.choices,
        initial=Rol.LEZER,
        help_text=ROL_UITLEG,
        widget=forms.Select(attrs={"class": _SELECT}),
        error_messages={
            "required": _("Kies een rol."),
            "invalid_choice": _("Kies een rol: beheerder, redacteur of lezer."),
        },
    )
    functie = forms.CharField(
        label=_("Functie"),
        required=False,
        max_length=200,
        help_text=_("Bijvoorbeeld ‘Wethouder wonen’ of ‘Bestuurslid’. Mag leeg."),
        widget=forms.TextInput(attrs={"class": _TEXTBOX, "autocomplete": "organization-title"}),
    )


class LidToevoegenForm(_LidRolFunctieForm):
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        help_text=_(
            "De persoon krijgt een e-mail met een uitnodiging en wordt lid zodra hij of zij "
            "die aanneemt. Wie nog geen account heeft, kiest daarbij een wachtwoord."
        ),
        widget=forms.EmailInput(attrs={"class": _TEXTBOX, "autocomplete": "off"}),
        error_messages={
            "required": _("Vul het e-mailadres in."),
            "invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld naam@nijkerk.nl."),
        },
    )
    voornaam = forms.CharField(
        label=_("Voornaam"),
        max_length=150,
        widget=forms.TextInput(attrs={"class": _TEXTBOX, "autocomplete": "off"}),
        error_messages={"required": _("Vul de voornaam in.")},
    )
    achternaam = forms.CharField(
        label=_("Achternaam"),
        max_length=150,
        widget=forms.TextInput(attrs={"class": _TEXTBOX, "autocomplete": "off"}),
        error_messages={"required": _("Vul de achternaam in.")},
    )

    field_order = ["email", "voornaam", "achternaam", "rol", "functie"]

    def _naam(self, veld: str) -> str:
        waarde = self.cleaned_data[veld]
        if fout := naam_fout(waarde):
            raise forms.ValidationError(fout)
        return waarde

    def clean_voornaam(self):
        return self._naam("voornaam")

    def clean_achternaam(self):
        return self._naam("achternaam")


class LidWijzigenForm(_LidRolFunctieForm):
    pass


class UitnodigingWachtwoordForm(NLDesignSystemMixin, auth_forms.SetPasswordForm):
    """A new person (or an account without a password) chooses a password while accepting an
    invitation. ``user`` may be an unsaved account: only the password rules look at it."""
