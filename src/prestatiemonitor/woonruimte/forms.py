"""The delivery form of woonruimte. It only parses what the user chose; the import
(``uitwisseling.importeren``) checks the file and the rights."""

from __future__ import annotations

from django import forms

from prestatiemonitor.jaarschijven.peilmoment_forms import KEUZELIJST

from .constants import Soort

BESTAND_HULP = "Een CSV-bestand met puntkomma's (;) of een Excel-werkmap (.xlsx), hooguit {mb} MB."


class AanleverForm(forms.Form):
    use_required_attribute = False

    soort = forms.ChoiceField(
        label="Wat levert u aan?",
        widget=forms.Select(attrs={"class": KEUZELIJST}),
        error_messages={
            "required": "Kies wat u aanlevert.",
            "invalid_choice": "Dit soort gegevens levert u niet aan; kies uit de lijst.",
        },
    )
    organisatie = forms.TypedChoiceField(
        label="Namens (alleen bij woningzoekenden)",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": KEUZELIJST}),
        help_text="De organisatie waarvoor u de cijfers van woningzoekenden aanlevert.",
        error_messages={"invalid_choice": "Kies een organisatie uit de lijst."},
    )
    bestand = forms.FileField(
        label="Bestand",
        error_messages={
            "required": "Kies het bestand dat u wilt aanleveren.",
            "empty": "Het bestand is leeg.",
        },
    )

    def __init__(self, *args, soorten: list[Soort], namens: list, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = [("", "Kies…")] + [(s.value, s.label) for s in soorten]
        if len(namens) > 1:
            self.fields["organisatie"].choices = [("", "Kies…")] + [(o.pk, o.naam) for o in namens]
        else:
            del self.fields["organisatie"]
        self.fields["bestand"].help_text = BESTAND_HULP.format(mb=max_mb)
        self.fields["bestand"].widget.attrs["accept"] = ".csv,.txt,.xlsx"
        for field in self.fields.values():
            if field.required:
                field.widget.attrs["aria-required"] = "true"

    def clean(self):
        data = super().clean()
        if (
            "organisatie" in self.fields
            and data.get("soort") == Soort.WONINGZOEKENDEN
            and not data.get("organisatie")
        ):
            self.add_error("organisatie", "Kies namens welke organisatie u aanlevert.")
        return data
