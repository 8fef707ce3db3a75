"""Forms of the jaarschijf pages (views/jaarschijf.py).

The forms parse what the user typed; the services decide (and refuse with a ValidationError
per field, which the views put back onto these forms).
"""

from django import forms
from django.utils import timezone

from prestatiemonitor.afspraken.constants import AfspraakSoort

from .constants import PlanningSoort
from .models import MAANDEN

TEKSTVAK = {"class": "utrecht-textbox utrecht-textbox--html-input"}
TEKSTBLOK = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 3}
KEUZELIJST = {"class": "utrecht-select utrecht-select--html-select"}
VINKJE = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}
RONDJE = {"class": "utrecht-radio-button utrecht-radio-button--html-input"}


class Formulier(forms.Form):
    """No browser validation (the forms are ``novalidate``; the server says what is missing,
    in Dutch, next to the field) and no red fields before anything was typed."""

    use_required_attribute = False


def _datumveld(label: str, error_messages: dict | None = None, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date", **TEKSTVAK}, format="%Y-%m-%d"),
        error_messages={"invalid": "Vul een geldige datum in.", **(error_messages or {})},
        **kwargs,
    )


class VersieVeld(forms.IntegerField):
    """The versie the page showed: hidden, and required (a form without it changes nothing)."""

    def __init__(self, **kwargs):
        super().__init__(
            widget=forms.HiddenInput,
            min_value=0,
            error_messages={
                "required": "Het formulier mist zijn versie; open de pagina opnieuw.",
                "invalid": "Het formulier mist zijn versie; open de pagina opnieuw.",
            },
            **kwargs,
        )


class JaarschijfAanmaakForm(Formulier):
    jaar = forms.TypedChoiceField(
        label="Jaar",
        coerce=int,
        widget=forms.Select(attrs=KEUZELIJST),
        error_messages={
            "required": "Kies het jaar van de nieuwe jaarschijf.",
            "invalid_choice": "Kies een jaar uit de looptijd van het kader.",
        },
    )
    toelichting = forms.CharField(
        label="Toelichting (optioneel)", required=False, widget=forms.Textarea(attrs=TEKSTBLOK)
    )

    def __init__(self, *args, kader, bestaande_jaren, **kwargs):
        super().__init__(*args, **kwargs)
        jaren = [
            j
            for j in range(kader.periode_van, kader.periode_tot + 1)
            if j not in set(bestaande_jaren)
        ]
        self.fields["jaar"].choices = [("", "Kies een jaar")] + [(j, str(j)) for j in jaren]
        self.vrije_jaren = jaren


class StatusForm(Formulier):
    datum = _datumveld(
        "Datum van het overleg",
        error_messages={"required": "Vul de datum van het overleg in."},
    )
    overleg = forms.CharField(
        label="In welk overleg",
        max_length=200,
        widget=forms.TextInput(attrs=TEKSTVAK),
        error_messages={"required": "Vul in in welk overleg dit gebeurde."},
    )
    toelichting = forms.CharField(
        label="Toelichting (optioneel)", required=False, widget=forms.Textarea(attrs=TEKSTBLOK)
    )
    versie = VersieVeld()


class DekkingForm(Formulier):
    ACCEPTEREN, INTREKKEN = "accepteren", "intrekken"

    actie = forms.ChoiceField(
        choices=[(ACCEPTEREN, ACCEPTEREN), (INTREKKEN, INTREKKEN)],
        widget=forms.HiddenInput,
        error_messages={"required": "Kies: accepteren of intrekken."},
    )
    reden = forms.CharField(
        label="Reden",
        required=False,
        help_text="Waarom heeft deze afspraak dit jaar geen activiteit?",
        widget=forms.Textarea(attrs=TEKSTBLOK),
    )

    def clean(self):
        data = super().clean()
        if data.get("actie") == self.ACCEPTEREN and not (data.get("reden") or "").strip():
            self.add_error("reden", "Vul de reden in waarom dit gat aanvaardbaar is.")
        return data


class BesluitVelden(Formulier):
    """Reason, date and meeting of a change to a vastgestelde jaarschijf."""

    reden = forms.CharField(
        label="Reden van de wijziging",
        required=False,
        widget=forms.Textarea(attrs=TEKSTBLOK),
    )
    besluit_datum = _datumveld(
        "Datum van het besluit",
        required=False,
        initial=lambda: timezone.localdate().isoformat(),
    )
    besloten_in = forms.CharField(
        label="Besloten in",
        required=False,
        max_length=200,
        help_text="Bijvoorbeeld: bestuurlijk overleg breed.",
        widget=forms.TextInput(attrs=TEKSTVAK),
    )

    def __init__(self, *args, vastgesteld: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.vastgesteld = vastgesteld
        if not vastgesteld:
            for naam in ("reden", "besluit_datum", "besloten_in"):
                del self.fields[naam]
        else:
            self.fields["reden"].required = True
            self.fields["reden"].error_messages["required"] = "Vul de reden van de wijziging in."
            self.fields["besluit_datum"].required = True
            self.fields["besluit_datum"].error_messages["required"] = (
                "Vul de datum van het besluit in."
            )
            self.fields["besloten_in"].required = True
            self.fields["besloten_in"].error_messages["required"] = (
                "Vul in in welk overleg de wijziging is besloten."
            )

    def besluit(self):
        from .services import WijzigingBesluit

        if not self.vastgesteld:
            return None
        return WijzigingBesluit(
            reden=self.cleaned_data["reden"],
            datum=self.cleaned_data["besluit_datum"],
            besloten_in=self.cleaned_data["besloten_in"],
        )

    def besluit_velden(self):
        return [self[n] for n in ("reden", "besluit_datum", "besloten_in") if n in self.fields]


class ActiviteitForm(BesluitVelden):
    titel = forms.CharField(
        label="Titel",
        max_length=300,
        widget=forms.TextInput(attrs=TEKSTVAK),
        error_messages={"required": "Geef de activiteit een titel."},
    )
    omschrijving = forms.CharField(
        label="Omschrijving", required=False, widget=forms.Textarea(attrs=TEKSTBLOK)
    )
    afspraken = forms.TypedMultipleChoiceField(
        label="Dient de afspraken",
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs=VINKJE),
        help_text="Kies de afspraak of afspraken waaraan de activiteit bijdraagt (ten minste één).",
        error_messages={
            "required": "Een activiteit dient ten minste één afspraak; kies de afspraak of "
            "afspraken waaraan zij bijdraagt.",
            "invalid_choice": "Deze afspraak hoort niet bij dit kader: %(value)s.",
        },
    )
    trekker = forms.TypedChoiceField(
        label="Trekker",
        coerce=int,
        widget=forms.Select(attrs=KEUZELIJST),
        help_text="De partij die de activiteit trekt en haar voortgang meldt.",
        error_messages={
            "required": "Kies de trekker.",
            "invalid_choice": "De trekker moet een partij van dit kader zijn.",
        },
    )
    betrokken = forms.TypedMultipleChoiceField(
        label="Ook betrokken",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=VINKJE),
        error_messages={"invalid_choice": "Geen partij van dit kader: %(value)s."},
    )
    beoogd_resultaat = forms.CharField(
        label="Beoogd resultaat", required=False, widget=forms.Textarea(attrs=TEKSTBLOK)
    )
    planning_soort = forms.ChoiceField(
        label="Planning",
        choices=PlanningSoort.choices,
        initial=PlanningSoort.JAAR,
        widget=forms.RadioSelect(attrs=RONDJE),
        error_messages={"required": "Kies de soort planning."},
    )
    planning_kwartaal = forms.TypedChoiceField(
        label="Kwartaal",
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", "—")] + [(k, f"Q{k}") for k in range(1, 5)],
        widget=forms.Select(attrs=KEUZELIJST),
    )
    planning_maand = forms.TypedChoiceField(
        label="Maand",
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", "—")] + [(i + 1, m) for i, m in enumerate(MAANDEN)],
        widget=forms.Select(attrs=KEUZELIJST),
    )
    planning_datum = _datumveld("Datum", required=False)
    doel_aantal = forms.DecimalField(
        label="Doel (aantal)",
        required=False,
        max_digits=12,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={**TEKSTVAK, "inputmode": "decimal"}),
        help_text="Optioneel: een meetbaar doel, bijvoorbeeld 40.",
        error_messages={"invalid": "Vul een getal in, bijvoorbeeld 40 of 12,5."},
    )
    eenheid = forms.CharField(
        label="Eenheid",
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs=TEKSTVAK),
        help_text="Waarin het doel geteld wordt, bijvoorbeeld ‘woningen’.",
    )
    versie = VersieVeld(required=False)

    def __init__(self, *args, afspraken, partijen, nieuw: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.afspraken_per_id = {a.pk: a for a in afspraken}
        self.partijen_per_id = {o.pk: o for o in partijen}
        self.fields["afspraken"].choices = [
            (a.pk, str(a)) for a in afspraken if a.soort == AfspraakSoort.STRATEGISCH
        ]
        self.fields["trekker"].choices = [("", "Kies de trekker")] + [
            (o.pk, f"{o.naam} ({o.korte_naam})") for o in partijen
        ]
        self.fields["betrokken"].choices = [(o.pk, f"{o.naam} ({o.korte_naam})") for o in partijen]
        self.fields["versie"].required = not nieuw
        self._afspraken = [a for a in afspraken if a.soort == AfspraakSoort.STRATEGISCH]

    def afspraak_groepen(self):
        """[(thema, [(afspraak, checkbox), …]), …] for the checkboxes grouped per theme."""
        vakjes = {int(v.data["value"]): v for v in self["afspraken"]}
        groepen: list = []
        for afspraak in self._afspraken:
            if not groepen or groepen[-1][0] != afspraak.thema:
                groepen.append((afspraak.thema, []))
            groepen[-1][1].append((afspraak, vakjes.get(afspraak.pk)))
        return groepen

    def gegevens(self):
        from .services import ActiviteitGegevens

        d = self.cleaned_data
        trekker = self.partijen_per_id[d["trekker"]]
        return ActiviteitGegevens(
            titel=d["titel"],
            omschrijving=d.get("omschrijving", ""),
            afspraken=[self.afspraken_per_id[pk] for pk in d["afspraken"]],
            trekker=trekker,
            betrokken=[self.partijen_per_id[pk] for pk in d.get("betrokken", [])],
            beoogd_resultaat=d.get("beoogd_resultaat", ""),
            planning_soort=d["planning_soort"],
            planning_kwartaal=d.get("planning_kwartaal"),
            planning_maand=d.get("planning_maand"),
            planning_datum=d.get("planning_datum"),
            doel_aantal=d.get("doel_aantal"),
            eenheid=d.get("eenheid", ""),
        )


def _zonder_nullen(getal):
    """40.00 → 40, 12.50 → 12.5 (the form shows what was typed, not the column's scale)."""
    if getal is None:
        return None
    return getal.quantize(1) if getal == getal.to_integral() else getal.normalize()


def activiteit_beginwaarden(activiteit) -> dict:
    return {
        "titel": activiteit.titel,
        "omschrijving": activiteit.omschrijving,
        "afspraken": [a.pk for a in activiteit.afspraken.all()],
        "trekker": activiteit.trekker_id,
        "betrokken": [o.pk for o in activiteit.betrokken.all()],
        "beoogd_resultaat": activiteit.beoogd_resultaat,
        "planning_soort": activiteit.planning_soort,
        "planning_kwartaal": activiteit.planning_kwartaal,
        "planning_maand": activiteit.planning_maand,
        "planning_datum": activiteit.planning_datum,
        "doel_aantal": _zonder_nullen(activiteit.doel_aantal),
        "eenheid": activiteit.eenheid,
        "versie": activiteit.versie,
    }


class VerwijderForm(BesluitVelden):
    versie = VersieVeld()


class VolgendJaarForm(Formulier):
    activiteiten = forms.TypedMultipleChoiceField(
        label="Over te nemen activiteiten",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=VINKJE),
        error_messages={
            "invalid_choice": "Deze activiteit kan niet worden overgenomen: %(value)s."
        },
    )
    versie = VersieVeld()

    def __init__(self, *args, open_activiteiten, **kwargs):
        super().__init__(*args, **kwargs)
        self.per_id = {a.pk: a for a in open_activiteiten}
        self.fields["activiteiten"].choices = [
            (a.pk, f"{a.code} {a.titel}") for a in open_activiteiten
        ]

    def gekozen(self):
        return [self.per_id[pk] for pk in self.cleaned_data["activiteiten"]]
