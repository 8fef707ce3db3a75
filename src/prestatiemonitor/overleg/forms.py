"""Forms of the overleg app. They parse what the user typed; the services check and write."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from prestatiemonitor.organisaties.models import Organisatie

from .constants import MAANDNAMEN, ActiepuntStatus, MijlpaalSoort, Schoolregio
from .models import Mijlpaal, Overleginstellingen, Overlegvorm

TEKSTVAK = "utrecht-textbox utrecht-textbox--html-input"
TEKSTGEBIED = "utrecht-textarea utrecht-textarea--html-textarea"
KEUZELIJST = "utrecht-select utrecht-select--html-select"
VINKJE = "utrecht-checkbox utrecht-checkbox--html-input"

_MAAND_OP_NAAM = {naam: nr for nr, naam in MAANDNAMEN.items()} | {
    naam[:3]: nr for nr, naam in MAANDNAMEN.items()
}


def _stijl(form: forms.Form) -> None:
    """NL Design System classes on every widget, aria-required on required fields."""
    for field in form.fields.values():
        w = field.widget
        if isinstance(w, forms.CheckboxInput):
            w.attrs.setdefault("class", VINKJE)
        elif isinstance(w, forms.Select):
            w.attrs.setdefault("class", KEUZELIJST)
        elif isinstance(w, forms.Textarea):
            w.attrs.setdefault("class", TEKSTGEBIED)
            w.attrs.setdefault("rows", 3)
        elif not isinstance(w, forms.ClearableFileInput):
            w.attrs.setdefault("class", TEKSTVAK)
        if field.required:
            w.attrs["aria-required"] = "true"


class MaandenField(forms.CharField):
    """Months as '2, 4, 9, 11' or 'feb, apr, sep, nov'; a list of numbers."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(m) for m in value)
        return value

    def to_python(self, value):
        tekst = (value or "").strip().lower()
        if not tekst:
            return []
        maanden = []
        for deel in re.split(r"[\s,;]+", tekst):
            if not deel:
                continue
            if deel.isdigit() and 1 <= int(deel) <= 12:
                maanden.append(int(deel))
            elif deel in _MAAND_OP_NAAM:
                maanden.append(_MAAND_OP_NAAM[deel])
            else:
                raise ValidationError(
                    f"'{deel}' is geen maand: geef getallen van 1 tot en met 12 of maandnamen, "
                    "gescheiden door komma's."
                )
        return sorted(maanden)


class OverlegvormForm(forms.ModelForm):
    use_required_attribute = False
    maanden = MaandenField(
        label="Maanden",
        required=False,
        help_text="De maand van elk overleg, bv. '2, 4, 9, 11' of 'feb, apr, sep, nov'; leeg: "
        "gelijk over het jaar verdeeld.",
    )

    class Meta:
        model = Overlegvorm
        fields = list(Overlegvorm.BEWERKBAAR)
        widgets = {"aanvang": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args, partijen, **kwargs):
        super().__init__(*args, **kwargs)
        for veld in ("voorzitter", "plaatsvervanger"):
            self.fields[veld].queryset = Organisatie.objects.filter(pk__in=[o.pk for o in partijen])
            self.fields[veld].empty_label = "—"
        _stijl(self)


class MijlpaalForm(forms.ModelForm):
    use_required_attribute = False

    class Meta:
        model = Mijlpaal
        fields = ["soort", "naam", "overlegvorm", "maand", "alleen_laatste_jaar"]
        widgets = {"maand": forms.Select(choices=list(MAANDNAMEN.items()))}

    def __init__(self, *args, kader, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["overlegvorm"].queryset = Overlegvorm.objects.filter(kader=kader)
        self.fields["soort"].choices = MijlpaalSoort.choices
        _stijl(self)


class InstellingenForm(forms.ModelForm):
    use_required_attribute = False

    class Meta:
        model = Overleginstellingen
        fields = ["schoolregio", "locatie", "herinnering_dagen"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schoolregio"].choices = Schoolregio.choices
        _stijl(self)


class WijzigenForm(forms.Form):
    use_required_attribute = False
    datum = forms.DateField(
        label="Datum",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Geef de datum.", "invalid": "Geef een geldige datum."},
    )
    aanvang = forms.TimeField(
        label="Aanvang",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": "Geef de aanvangstijd.", "invalid": "Geef een tijd als 14:00."},
    )
    einde = forms.TimeField(
        label="Einde",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": "Geef de eindtijd.", "invalid": "Geef een tijd als 16:00."},
    )
    locatie = forms.CharField(label="Locatie", required=False, max_length=200)
    reden = forms.CharField(
        label="Reden van de wijziging",
        required=False,
        max_length=300,
        help_text="Na publicatie verplicht: de deelnemers krijgen de reden in hun bericht.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _stijl(self)

    def clean(self):
        data = super().clean()
        if data.get("aanvang") and data.get("einde") and data["einde"] <= data["aanvang"]:
            self.add_error("einde", "Het einde ligt na de aanvang.")
        return data


class AfgelastenForm(forms.Form):
    use_required_attribute = False
    reden = forms.CharField(
        label="Reden",
        max_length=300,
        error_messages={"required": "Geef een reden voor het afgelasten."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _stijl(self)


def _keuzes(qs, label=str):
    return [("", "—")] + [(o.pk, label(o)) for o in qs]


class _Koppelingen(forms.Form):
    """Optional links to an afspraak, peilmoment or planmonitor round of the kader."""

    use_required_attribute = False
    afspraak = forms.TypedChoiceField(
        label="Over afspraak", required=False, coerce=int, empty_value=None
    )
    activiteit = forms.TypedChoiceField(
        label="Over activiteit (jaarschijf)", required=False, coerce=int, empty_value=None
    )
    peilmoment = forms.TypedChoiceField(
        label="Over peilmoment", required=False, coerce=int, empty_value=None
    )
    peiling = forms.TypedChoiceField(
        label="Over planmonitorronde", required=False, coerce=int, empty_value=None
    )

    id_voorvoegsel = "koppeling"

    def __init__(self, *args, keuzes: dict, **kwargs):
        # Several of these forms share the meeting page: each its own ids.
        kwargs.setdefault("auto_id", f"{self.id_voorvoegsel}_%s")
        super().__init__(*args, **kwargs)
        self.objecten = {}
        for veld, (qs, label) in keuzes.items():
            if veld in self.fields:
                objecten = list(qs)
                self.objecten[veld] = {o.pk: o for o in objecten}
                self.fields[veld].choices = _keuzes(objecten, label)
        _stijl(self)

    def object(self, veld: str):
        pk = self.cleaned_data.get(veld)
        return self.objecten.get(veld, {}).get(pk) if pk else None


class AgendapuntForm(_Koppelingen):
    id_voorvoegsel = "punt"
    titel = forms.CharField(
        label="Agendapunt", max_length=300, error_messages={"required": "Geef het agendapunt."}
    )
    toelichting = forms.CharField(label="Toelichting", required=False, widget=forms.Textarea)
    field_order = ["titel", "toelichting", "afspraak", "activiteit", "peilmoment", "peiling"]


class DocumentForm(forms.Form):
    use_required_attribute = False
    bestand = forms.FileField(
        label="Stuk",
        error_messages={"required": "Kies het bestand.", "empty": "Het bestand is leeg."},
        help_text="PDF, Office-document of afbeelding; gekeken wordt naar de inhoud.",
    )
    organisatie = forms.TypedChoiceField(label="Namens", coerce=int)
    agendapunt = forms.TypedChoiceField(
        label="Bij agendapunt", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, namens, agendapunten, **kwargs):
        kwargs.setdefault("auto_id", "stuk_%s")
        super().__init__(*args, **kwargs)
        self.namens = {o.pk: o for o in namens}
        self.punten = {p.pk: p for p in agendapunten}
        self.fields["organisatie"].choices = [(o.pk, o.naam) for o in namens]
        self.fields["agendapunt"].choices = _keuzes(agendapunten, lambda p: p.titel)
        _stijl(self)


class BesluitForm(_Koppelingen):
    id_voorvoegsel = "besluit"
    tekst = forms.CharField(
        label="Besluit", widget=forms.Textarea, error_messages={"required": "Geef het besluit."}
    )
    agendapunt = forms.TypedChoiceField(
        label="Bij agendapunt", required=False, coerce=int, empty_value=None
    )
    bijstelling = forms.TypedChoiceField(
        label="Wijzigt de afspraken via bijstelling",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Een besluit dat een afspraak wijzigt, verwijst naar de bijstelling die de "
        "wijziging vastlegt (Bijstellingen).",
    )
    openbaar = forms.BooleanField(
        label="Openbaar maken (iedereen ziet dit besluit)", required=False
    )
    field_order = [
        "tekst",
        "agendapunt",
        "afspraak",
        "activiteit",
        "peilmoment",
        "peiling",
        "bijstelling",
        "openbaar",
    ]


class ActiepuntForm(_Koppelingen):
    id_voorvoegsel = "actie"
    omschrijving = forms.CharField(
        label="Actie", widget=forms.Textarea, error_messages={"required": "Beschrijf de actie."}
    )
    eigenaar = forms.TypedChoiceField(
        label="Eigenaar", coerce=int, error_messages={"required": "Kies de eigenaar."}
    )
    deadline = forms.DateField(
        label="Deadline",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Geef de deadline.", "invalid": "Geef een geldige datum."},
    )
    field_order = ["omschrijving", "eigenaar", "deadline", "afspraak", "activiteit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["peilmoment"], self.fields["peiling"]


class ActiepuntStatusForm(forms.Form):
    use_required_attribute = False
    status = forms.ChoiceField(label="Status", choices=ActiepuntStatus.choices)
    toelichting = forms.CharField(label="Toelichting", required=False, widget=forms.Textarea)
    versie = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _stijl(self)
