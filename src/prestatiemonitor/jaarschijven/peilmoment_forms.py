"""Forms of the peilmoment pages (views/peilmoment.py).

The forms parse what the user typed; the services decide (toelichting rule, file type by
content, frozen peilmoment, versie). Their refusals come back onto these forms through
``fouten_op_formulier``.
"""

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from .constants import MELDBARE_STATUSSEN, TOELICHTING_VERPLICHT, PeilmomentSoort, VoortgangStatus

TEKSTVAK = "utrecht-textbox utrecht-textbox--html-input"
TEKSTGEBIED = "utrecht-textarea utrecht-textarea--html-textarea"
KEUZELIJST = "utrecht-select utrecht-select--html-select"


def fouten_op_formulier(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: at the field it names when the form has
    that field, otherwise above the form."""
    if hasattr(exc, "error_dict"):
        for veld, fouten in exc.message_dict.items():
            for fout in fouten:
                form.add_error(veld if veld in form.fields else None, fout)
    else:
        for fout in exc.messages:
            form.add_error(None, fout)


class _Formulier(forms.Form):
    # The library styles an empty required field as invalid before anything was typed; say it
    # to assistive technology instead, the server checks it anyway.
    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.required and not field.widget.is_hidden:
                field.widget.attrs["aria-required"] = "true"


class PeilmomentOpenenForm(_Formulier):
    jaar = forms.TypedChoiceField(
        label="Jaarschijf",
        coerce=int,
        widget=forms.Select(attrs={"class": KEUZELIJST}),
        error_messages={
            "required": "Kies de jaarschijf.",
            "invalid_choice": "Kies een jaarschijf uit de lijst.",
        },
    )
    soort = forms.ChoiceField(
        label="Peilmoment",
        choices=PeilmomentSoort.choices,
        widget=forms.Select(attrs={"class": KEUZELIJST}),
        error_messages={
            "required": "Kies juni of december.",
            "invalid_choice": "Kies juni of december.",
        },
    )
    deadline = forms.DateField(
        label="Uiterste meldingsdatum",
        widget=forms.DateInput(
            attrs={"type": "date", "class": f"{TEKSTVAK} veld-kort"}, format="%Y-%m-%d"
        ),
        help_text="Tot en met deze datum melden de partijen hun voortgang.",
        error_messages={
            "required": "Vul de uiterste meldingsdatum in.",
            "invalid": "Vul een geldige datum in, bijvoorbeeld 30-06-2026.",
        },
    )

    def __init__(self, *args, jaren: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["jaar"]).choices = [
            (j, f"Jaarschijf {j}") for j in jaren
        ]
        if jaren and not self.is_bound:
            huidig = timezone.localdate().year
            self.initial.setdefault("jaar", huidig if huidig in jaren else jaren[-1])


class MeldenForm(_Formulier):
    status = forms.ChoiceField(
        label="Status",
        choices=[(s.value, s.label) for s in MELDBARE_STATUSSEN],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Kies de status van de activiteit.",
            "invalid_choice": "Kies een status uit de lijst.",
        },
    )
    toelichting = forms.CharField(
        label="Toelichting",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": TEKSTGEBIED}),
        help_text="Verplicht bij "
        + ", ".join(
            f"‘{VoortgangStatus(s).label}’"
            for s in MELDBARE_STATUSSEN
            if s in TOELICHTING_VERPLICHT
        )
        + ": wat is er aan de hand en wat gebeurt er nu?",
    )
    gerealiseerd_aantal = forms.DecimalField(
        label="Gerealiseerd",
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(
            attrs={"class": f"{TEKSTVAK} veld-kort", "inputmode": "decimal", "autocomplete": "off"}
        ),
        error_messages={
            "invalid": "Vul een getal in, bijvoorbeeld 12.",
            "min_value": "Het gerealiseerde aantal kan niet negatief zijn.",
        },
    )
    bestand = forms.FileField(
        label="Bewijsstuk toevoegen",
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"class": "utrecht-textbox utrecht-textbox--html-input bestand-invoer"}
        ),
    )
    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, doel: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if doel:
            self.fields["gerealiseerd_aantal"].help_text = f"Doel: {doel}."
        else:
            del self.fields["gerealiseerd_aantal"]


class HerinnerenForm(forms.Form):
    organisatie = forms.CharField()  # 'alle' or an organisation's pk

    def __init__(self, *args, partijen: dict[int, object], **kwargs):
        super().__init__(*args, **kwargs)
        self.partijen = partijen

    def clean_organisatie(self):
        waarde = self.cleaned_data["organisatie"]
        if waarde == "alle":
            return None
        try:
            return self.partijen[int(waarde)]
        except (ValueError, KeyError):
            raise forms.ValidationError("Onbekende partij.") from None


class SluitenForm(_Formulier):
    bevestigen = forms.BooleanField(
        label="Ik begrijp dat de meldingen van dit peilmoment na het sluiten niet meer veranderen.",
        error_messages={"required": "Vink aan dat u het peilmoment wilt sluiten."},
    )


def _organisatie_veld(organisaties) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label="Namens",
        coerce=int,
        choices=[("", "Kies de huurdersorganisatie")] + [(o.pk, o.naam) for o in organisaties],
        widget=forms.Select(attrs={"class": KEUZELIJST}),
        error_messages={
            "required": "Kies namens welke huurdersorganisatie u schrijft.",
            "invalid_choice": "Kies een huurdersorganisatie uit de lijst.",
        },
    )


class _NamensForm(_Formulier):
    """A form a tenants' organisation fills in; with a choice of organisation when the user
    may speak for more than one (a site administrator)."""

    def __init__(self, *args, organisaties, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisaties = {o.pk: o for o in organisaties}
        if len(self.organisaties) > 1:
            self.fields["organisatie"] = _organisatie_veld(organisaties)
            self.fields["organisatie"].widget.attrs["aria-required"] = "true"
            self.order_fields(["organisatie"])

    def gekozen_organisatie(self):
        if "organisatie" in self.fields:
            return self.organisaties[self.cleaned_data["organisatie"]]
        return next(iter(self.organisaties.values()), None)


class AdviesForm(_NamensForm):
    tekst = forms.CharField(
        label="Advies",
        widget=forms.Textarea(attrs={"rows": 8, "class": TEKSTGEBIED}),
        help_text="Het formele advies over dit peilmoment als geheel. Het hoort bij het "
        "peilmoment en is na het sluiten te lezen voor iedereen die het peilmoment ziet.",
        error_messages={"required": "Schrijf het advies."},
    )
    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReactieForm(_NamensForm):
    tekst = forms.CharField(
        label="Reactie",
        widget=forms.Textarea(attrs={"rows": 4, "class": TEKSTGEBIED}),
        error_messages={"required": "Schrijf uw reactie."},
    )
    peilmoment = forms.CharField(widget=forms.HiddenInput, required=False)
    terug = forms.CharField(widget=forms.HiddenInput, required=False)


class VergelijkenForm(forms.Form):
    van = forms.ChoiceField(
        label="Van peilmoment", widget=forms.Select(attrs={"class": KEUZELIJST})
    )
    naar = forms.ChoiceField(
        label="Naar peilmoment", widget=forms.Select(attrs={"class": KEUZELIJST})
    )

    def __init__(self, *args, peilmomenten, **kwargs):
        super().__init__(*args, **kwargs)
        keuzes = [(p.code, f"{p.naam}{'' if p.is_gesloten else ' (open)'}") for p in peilmomenten]
        cast(forms.ChoiceField, self.fields["van"]).choices = keuzes
        cast(forms.ChoiceField, self.fields["naar"]).choices = keuzes
        for naam in ("van", "naar"):
            self.fields[naam].error_messages["invalid_choice"] = (
                "Dit peilmoment bestaat niet of u mag het niet zien; kies er een uit de lijst."
            )

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("van") and cleaned.get("van") == cleaned.get("naar"):
            raise forms.ValidationError("Kies twee verschillende peilmomenten.")
        return cleaned
