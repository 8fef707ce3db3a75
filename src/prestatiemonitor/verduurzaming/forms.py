"""The delivery form of the stock with energy labels. Parsing only; the import checks the file
and the rights (verduurzaming/uitwisseling.py)."""

from __future__ import annotations

from django import forms

from prestatiemonitor.jaarschijven.peilmoment_forms import KEUZELIJST, TEKSTVAK


class WoningvoorraadForm(forms.Form):
    use_required_attribute = False

    corporatie = forms.TypedChoiceField(
        label="Corporatie (bij een EP-Online-export)",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": KEUZELIJST}),
        error_messages={
            "required": "Kies de corporatie.",
            "invalid_choice": "Kies een corporatie uit de lijst.",
        },
    )
    peildatum = forms.DateField(
        label="Peildatum",
        required=False,
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"class": TEKSTVAK, "type": "date"}, format="%Y-%m-%d"),
        help_text=(
            "De datum van de opname, bv. 1 januari 2025. Nodig als het bestand geen kolom "
            "Peildatum heeft; bij alleen een EP-Online-bestand: leeg is de laatste opname."
        ),
        error_messages={"invalid": "Dit is geen datum; schrijf bv. 2025-01-01."},
    )
    bestand = forms.FileField(
        label="Woningvoorraad met labels",
        required=False,
        error_messages={"empty": "Het bestand is leeg."},
    )
    ep_online = forms.FileField(
        label="EP-Online-export (mag leeg)",
        required=False,
        help_text=(
            "Een export van EP-Online (CSV met ;). De labels worden op VBO-id gekoppeld aan de "
            "woningen van de opname; registraties na de peildatum tellen niet mee."
        ),
        error_messages={"empty": "Het EP-Online-bestand is leeg."},
    )

    def __init__(self, *args, corporaties: list, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        if len(corporaties) > 1:
            self.fields["corporatie"].choices = [("", "Kies…")] + [
                (o.pk, o.naam) for o in corporaties
            ]
        else:
            del self.fields["corporatie"]
        self.fields["bestand"].help_text = (
            "Een CSV-bestand met puntkomma's (;) of een Excel-werkmap (.xlsx) met één rij per "
            f"woning, hooguit {max_mb} MB."
        )
        self.fields["bestand"].widget.attrs["accept"] = ".csv,.txt,.xlsx"
        self.fields["ep_online"].widget.attrs["accept"] = ".csv,.txt"

    def clean(self):
        data = super().clean()
        if not data.get("bestand") and not data.get("ep_online") and not self.errors:
            raise forms.ValidationError(
                "Kies een bestand: de woningvoorraad, een EP-Online-export of allebei."
            )
        if data.get("ep_online") and "corporatie" in self.fields and not data.get("corporatie"):
            self.add_error("corporatie", "Kies bij welke corporatie de labels horen.")
        return data
