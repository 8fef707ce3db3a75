"""Forms of the planmonitor. They only parse and check what a user typed; the rules live in
the services (whose ValidationErrors come back on the form, field by field)."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory

# Shared with the jaarschijf: a service's ValidationError at its field on the form.
from prestatiemonitor.jaarschijven.peilmoment_forms import fouten_op_formulier  # noqa: F401

from .constants import SEGMENTEN, EigenaarSoort, Fase, MutatieSegment, MutatieSoort, Realisatie
from .models import Knelpunt

SEGMENT_LABELS = {
    "sociale_huur": "Sociale huur",
    "middenhuur": "Middenhuur",
    "vrije_sector_huur": "Vrije sector huur",
    "sociale_koop": "Sociale koop",
    "betaalbare_koop": "Betaalbare koop",
    "vrije_sector_koop": "Vrije sector koop",
}


def _hardheid_keuzes(hardheden) -> list[tuple[str, str]]:
    return [(h.code, f"{h.code} – {h.label} ({'hard' if h.hard else 'zacht'})") for h in hardheden]


class ProjectForm(forms.Form):
    projectcode = forms.CharField(label="Projectcode", max_length=40)
    naam = forms.CharField(label="Naam", max_length=200)
    kern = forms.CharField(label="Kern", max_length=100)
    eigenaar_soort = forms.ChoiceField(label="Soort eigenaar", choices=EigenaarSoort.choices)
    eigenaar = forms.TypedChoiceField(
        label="Eigenaar (partij)",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Bij een corporatie of de gemeente.",
    )
    eigenaar_naam = forms.CharField(
        label="Naam eigenaar",
        max_length=200,
        required=False,
        help_text="Bij een marktpartij of particulier.",
    )
    hardheid = forms.ChoiceField(label="Planhardheid")
    fase = forms.ChoiceField(label="Fase", choices=Fase.choices)
    oplevering_jaar = forms.IntegerField(
        label="Verwachte oplevering (jaar)", min_value=2000, max_value=2100
    )
    oplevering_kwartaal = forms.TypedChoiceField(
        label="Kwartaal",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "onbekend"), (1, "1"), (2, "2"), (3, "3"), (4, "4")],
    )
    sociale_huur = forms.IntegerField(label="Sociale huur", min_value=0, initial=0)
    middenhuur = forms.IntegerField(label="Middenhuur", min_value=0, initial=0)
    vrije_sector_huur = forms.IntegerField(label="Vrije sector huur", min_value=0, initial=0)
    sociale_koop = forms.IntegerField(label="Sociale koop", min_value=0, initial=0)
    betaalbare_koop = forms.IntegerField(label="Betaalbare koop", min_value=0, initial=0)
    vrije_sector_koop = forms.IntegerField(label="Vrije sector koop", min_value=0, initial=0)
    totaal = forms.IntegerField(label="Totaal", min_value=0, help_text="De som van de segmenten.")
    instandhoudingstermijn = forms.IntegerField(
        label="Instandhoudingstermijn (jaren)",
        min_value=0,
        max_value=100,
        required=False,
        help_text="Voor huurwoningen van een marktpartij: sociale huur telt mee vanaf 25 jaar, middenhuur vanaf 10.",
    )
    prijspeil = forms.IntegerField(
        label="Prijspeil segmenten (jaar)", min_value=2000, max_value=2100, required=False
    )
    eengezins = forms.IntegerField(label="Eengezinswoningen", min_value=0, required=False)
    meergezins = forms.IntegerField(label="Meergezinswoningen", min_value=0, required=False)
    nultreden = forms.IntegerField(label="Nultredenwoningen", min_value=0, required=False)
    geclusterd = forms.IntegerField(label="Geclusterd wonen / zorg", min_value=0, required=False)
    flex = forms.IntegerField(label="Flexwoningen", min_value=0, required=False)
    adres = forms.CharField(label="Adres", max_length=200, required=False)
    breedtegraad = forms.DecimalField(
        label="Breedtegraad",
        max_digits=9,
        decimal_places=6,
        required=False,
        min_value=-90,
        max_value=90,
    )
    lengtegraad = forms.DecimalField(
        label="Lengtegraad",
        max_digits=9,
        decimal_places=6,
        required=False,
        min_value=-180,
        max_value=180,
    )
    knelpunten = forms.ModelMultipleChoiceField(
        label="Knelpunten",
        queryset=Knelpunt.objects.filter(actief=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    vertrouwelijk = forms.BooleanField(label="Vertrouwelijk (nooit openbaar)", required=False)
    toelichting = forms.CharField(
        label="Toelichting", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    vertraging_oorzaak = forms.CharField(
        label="Oorzaak van de vertraging",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Verplicht als de oplevering later wordt.",
    )
    vertraging_remedie = forms.CharField(
        label="Wat eraan gedaan wordt", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, hardheden, eigenaren, huidig_jaar: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hardheid"].choices = _hardheid_keuzes(hardheden)
        self.fields["eigenaar"].choices = [("", "—")] + [
            (o.pk, o.korte_naam or o.naam) for o in eigenaren
        ]
        self.huidig_jaar = huidig_jaar
        if huidig_jaar is None:
            del self.fields["vertraging_oorzaak"]
            del self.fields["vertraging_remedie"]

    def clean(self):
        data = super().clean()
        som = sum(data.get(s) or 0 for s in SEGMENTEN)
        if data.get("totaal") is not None and som != data["totaal"]:
            self.add_error(
                "totaal", f"De segmenten tellen op tot {som}, maar het totaal is {data['totaal']}."
            )
        if (
            self.huidig_jaar is not None
            and data.get("oplevering_jaar")
            and data["oplevering_jaar"] > self.huidig_jaar
            and not (data.get("vertraging_oorzaak") or "").strip()
        ):
            self.add_error(
                "vertraging_oorzaak",
                f"De oplevering schuift van {self.huidig_jaar} naar {data['oplevering_jaar']}: geef de oorzaak.",
            )
        return data


class PlanningRijForm(forms.Form):
    jaar = forms.IntegerField(label="Jaar", min_value=2000, max_value=2100, required=False)
    status = forms.ChoiceField(
        label="Status", choices=Realisatie.choices, initial=Realisatie.GEPLAND
    )
    sociale_huur = forms.IntegerField(label="Sociale huur", min_value=0, required=False)
    middenhuur = forms.IntegerField(label="Middenhuur", min_value=0, required=False)
    vrije_sector_huur = forms.IntegerField(label="Vrije sector huur", min_value=0, required=False)
    sociale_koop = forms.IntegerField(label="Sociale koop", min_value=0, required=False)
    betaalbare_koop = forms.IntegerField(label="Betaalbare koop", min_value=0, required=False)
    vrije_sector_koop = forms.IntegerField(label="Vrije sector koop", min_value=0, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("jaar") and any(data.get(s) for s in SEGMENTEN):
            self.add_error("jaar", "Geef het jaar van deze aantallen.")
        return data


PlanningFormSet = formset_factory(PlanningRijForm, extra=3, max_num=30)


class VoorstelForm(forms.Form):
    hardheid = forms.ChoiceField(label="Planhardheid")
    fase = forms.ChoiceField(label="Fase", choices=Fase.choices)
    oplevering_jaar = forms.IntegerField(
        label="Verwachte oplevering (jaar)", min_value=2000, max_value=2100
    )
    sociale_huur = forms.IntegerField(label="Sociale huur", min_value=0)
    middenhuur = forms.IntegerField(label="Middenhuur", min_value=0)
    vrije_sector_huur = forms.IntegerField(label="Vrije sector huur", min_value=0)
    sociale_koop = forms.IntegerField(label="Sociale koop", min_value=0)
    betaalbare_koop = forms.IntegerField(label="Betaalbare koop", min_value=0)
    vrije_sector_koop = forms.IntegerField(label="Vrije sector koop", min_value=0)
    totaal = forms.IntegerField(label="Totaal", min_value=0)
    toelichting = forms.CharField(
        label="Toelichting op uw voorstel", widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, hardheden, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hardheid"].choices = _hardheid_keuzes(hardheden)


class MutatieForm(forms.Form):
    corporatie = forms.TypedChoiceField(label="Corporatie", coerce=int)
    jaar = forms.IntegerField(label="Jaar", min_value=2000, max_value=2100)
    soort = forms.ChoiceField(label="Soort", choices=MutatieSoort.choices)
    segment = forms.ChoiceField(label="Segment", choices=MutatieSegment.choices)
    aantal = forms.IntegerField(label="Aantal woningen", min_value=1)
    status = forms.ChoiceField(label="Status", choices=Realisatie.choices)
    toelichting = forms.CharField(
        label="Toelichting", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, corporaties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["corporatie"].choices = [(o.pk, o.korte_naam or o.naam) for o in corporaties]


class PeilingForm(forms.Form):
    naam = forms.CharField(label="Naam", max_length=100, help_text="Bijvoorbeeld 'Najaar 2026'.")
    peildatum = forms.DateField(label="Peildatum", widget=forms.DateInput(attrs={"type": "date"}))
    toelichting = forms.CharField(
        label="Toelichting", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class VergelijkForm(forms.Form):
    oud = forms.TypedChoiceField(label="Eerdere peiling", coerce=int)
    nieuw = forms.TypedChoiceField(label="Latere peiling", coerce=int)

    def __init__(self, *args, peilingen, **kwargs):
        super().__init__(*args, **kwargs)
        keuzes = [(p.pk, f"{p.naam} ({p.peildatum:%d-%m-%Y})") for p in peilingen]
        self.fields["oud"].choices = keuzes
        self.fields["nieuw"].choices = keuzes

    def clean(self):
        data = super().clean()
        if data.get("oud") and data.get("oud") == data.get("nieuw"):
            self.add_error("nieuw", "Kies twee verschillende peilingen.")
        return data


class WhatifRijForm(forms.Form):
    projectcode = forms.ChoiceField(label="Project", required=False)
    verschuiving = forms.IntegerField(
        label="Oplevering verschuiven (jaren)",
        min_value=-30,
        max_value=30,
        required=False,
        help_text="Positief is later, negatief eerder.",
    )
    hardheid = forms.ChoiceField(label="Hardheid wordt", required=False)
    sociale_huur = forms.IntegerField(label="Sociale huur wordt", min_value=0, required=False)
    middenhuur = forms.IntegerField(label="Middenhuur wordt", min_value=0, required=False)

    def __init__(self, *args, projecten=(), hardheden=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projectcode"].choices = [("", "—")] + [
            (p.projectcode, f"{p.projectcode} {p.naam}") for p in projecten
        ]
        self.fields["hardheid"].choices = [("", "ongewijzigd")] + _hardheid_keuzes(hardheden)

    def wijziging(self) -> dict | None:
        d = self.cleaned_data
        if not d.get("projectcode"):
            return None
        w: dict = {"projectcode": d["projectcode"]}
        if d.get("verschuiving"):
            w["verschuiving"] = d["verschuiving"]
        if d.get("hardheid"):
            w["hardheid"] = d["hardheid"]
        segmenten = {s: d[s] for s in ("sociale_huur", "middenhuur") if d.get(s) is not None}
        if segmenten:
            w["segmenten"] = segmenten
        return w


WhatifFormSet = formset_factory(WhatifRijForm, extra=4, max_num=20)


class ScenarioOpslaanForm(forms.Form):
    naam = forms.CharField(label="Naam van het scenario", max_length=100)
    omschrijving = forms.CharField(
        label="Omschrijving", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportForm(forms.Form):
    bestand = forms.FileField(label="Bestand (Excel .xlsx of CSV met ;)")
