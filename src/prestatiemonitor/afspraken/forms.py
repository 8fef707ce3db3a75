from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prestatiemonitor.organisaties.models import Gebied

from .bijstelling import jaar_fout, trekker_fout
from .constants import PartijRol
from .importer.services import KEUZES
from .permissions import manageable_gemeenten
from .weergave import getal


class ImportUploadForm(forms.Form):
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=Gebied.objects.none(), empty_label=None
    )
    bestand = forms.FileField(
        label=_("Document"),
        help_text=_(
            "Het document met de prestatieafspraken als Markdown- of tekstbestand (UTF-8)."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = manageable_gemeenten(user).order_by("naam")
        max_mb = settings.AFSPRAKEN_IMPORT_MAX_BYTES / (1024 * 1024)
        self.fields["bestand"].help_text += " " + _("Hoogstens %(max)s MB.") % {
            "max": getal(max_mb, 1)
        }

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        max_bytes = settings.AFSPRAKEN_IMPORT_MAX_BYTES
        if bestand.size > max_bytes:
            raise forms.ValidationError(
                _("Het bestand %(naam)s is te groot: het maximum is %(max)s MB."),
                params={
                    "naam": bestand.name,
                    "max": getal(max_bytes / (1024 * 1024), 1),
                },
            )
        return bestand


class ImportBevestigForm(forms.Form):
    """Confirmation of an import; reason, date and forum are required for a bijstelling.

    With a three-way re-import, one required choice per conflict (``conflict_<n>``): keep the
    register or take the document.
    """

    reden = forms.CharField(
        label=_("Reden van de bijstelling"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    datum = forms.DateField(
        label=_("Datum van het besluit"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        required=False,
        # The decision is usually taken shortly before it is recorded: default to today.
        initial=lambda: timezone.localdate().isoformat(),
    )
    besloten_in = forms.CharField(
        label=_("Besloten in"),
        help_text=_("Bijvoorbeeld: bestuurlijk overleg breed."),
        max_length=200,
        required=False,
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        bijstelling = bool(plan.wijzigingen or plan.conflicten)
        for field in self.fields.values():
            field.required = bijstelling
        self._conflicten = list(plan.conflicten)
        for index, conflict in enumerate(self._conflicten):
            self.fields[f"conflict_{index}"] = forms.ChoiceField(
                label=conflict.label,
                choices=KEUZES,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Kies bij %(label)s: register houden of document overnemen.")
                    % {"label": conflict.label}
                },
            )

    def conflict_velden(self) -> list:
        return [self[f"conflict_{i}"] for i in range(len(self._conflicten))]

    def keuzes(self) -> dict[int, str]:
        return {i: self.cleaned_data[f"conflict_{i}"] for i in range(len(self._conflicten))}


def _partij_label(partij) -> str:
    """'Woningstichting Nijkerk (WSN)', but 'Gemeente Nijkerk' (the short name adds nothing)."""
    naam, kort = partij.organisatie.naam, partij.aanduiding
    return naam if not kort or kort.lower() in naam.lower() else f"{naam} ({kort})"


class AfspraakBijstelForm(forms.Form):
    """The decided change of one afspraak and the decision itself (afspraak_bijstellen).

    The form checks what it can parse; ``bijstelling.afspraak_bijstellen`` decides the rest
    (and refuses a change when the afspraak was changed by someone else in the meantime).
    """

    tekst = forms.CharField(
        label=_("Tekst van de afspraak"),
        widget=forms.Textarea(
            attrs={"rows": 8, "class": "utrecht-textarea utrecht-textarea--html-textarea"}
        ),
        error_messages={"required": _("Vul de tekst van de afspraak in.")},
    )
    partijen = forms.TypedMultipleChoiceField(
        label=_("Betrokken partijen"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(
            attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}
        ),
        help_text=_(
            "Partijen die al bij de afspraak stonden, blijven zoals ze zijn vastgelegd; een "
            "partij die u erbij aanvinkt, staat daarna als ‘handmatig toegevoegd’. Kies per "
            "partij haar rol: uitvoerend (zij handelt) of betrokken."
        ),
        error_messages={
            "invalid_choice": _("Deze partij hoort niet bij dit afsprakenkader: %(value)s."),
        },
    )
    trekker = forms.TypedChoiceField(
        label=_("Trekker"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
        help_text=_("De partij die de tekst als trekker noemt; die moet ook betrokken zijn."),
        error_messages={
            "invalid_choice": _("Deze trekker hoort niet bij dit afsprakenkader: %(value)s."),
        },
    )
    jaar = forms.IntegerField(
        label=_("Jaar"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "class": "utrecht-textbox utrecht-textbox--html-input veld-kort",
                "inputmode": "numeric",
                "autocomplete": "off",
            }
        ),
        help_text=_("Het jaar of de deadline die de tekst noemt, bijvoorbeeld 2026. Mag leeg."),
        error_messages={"invalid": _("Vul het jaar in cijfers in, bijvoorbeeld 2026.")},
    )
    termijn = forms.CharField(
        label=_("Termijn"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input"}),
        help_text=_(
            "De termijn zoals de tekst hem noemt, bijvoorbeeld ‘voor eind 2026’. Mag leeg."
        ),
    )
    reden = forms.CharField(
        label=_("Reden van de bijstelling"),
        widget=forms.Textarea(
            attrs={"rows": 3, "class": "utrecht-textarea utrecht-textarea--html-textarea"}
        ),
        help_text=_(
            "Waarom de afspraak verandert. De reden staat bij de bijstelling en in de "
            "geschiedenis van de afspraak."
        ),
        error_messages={"required": _("Geef de reden van de bijstelling op.")},
    )
    datum = forms.DateField(
        label=_("Datum van het besluit"),
        widget=forms.DateInput(
            attrs={
                "type": "date",
                "class": "utrecht-textbox utrecht-textbox--html-input veld-kort",
            },
            format="%Y-%m-%d",
        ),
        # The decision is usually taken shortly before it is recorded: default to today.
        initial=lambda: timezone.localdate().isoformat(),
        error_messages={
            "required": _("Vul de datum van het besluit in."),
            "invalid": _("Vul een geldige datum in, bijvoorbeeld 11-12-2026."),
        },
    )
    besloten_in = forms.CharField(
        label=_("Besloten in"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input"}),
        help_text=_("Bijvoorbeeld: bestuurlijk overleg breed."),
        error_messages={"required": _("Vul in waar het besluit is genomen.")},
    )
    # The version of the afspraak the form was filled from (bijstelling.afspraak_versie).
    versie = forms.CharField(widget=forms.HiddenInput, required=False)

    # The library styles an empty textarea with ``required`` as invalid before anything was
    # typed; say it to assistive technology instead, the server checks it anyway.
    use_required_attribute = False

    def __init__(self, *args, partijen, **kwargs):
        """``partijen``: the kader's Partij records (with their organisatie), in order."""
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.required and not field.widget.is_hidden:
                field.widget.attrs["aria-required"] = "true"
        keuzes = [(p.organisatie_id, _partij_label(p)) for p in partijen]
        self.fields["partijen"].choices = keuzes
        self.fields["trekker"].choices = [("", _("Geen trekker"))] + keuzes
        self._partij_ids = [p.organisatie_id for p in partijen]
        for p in partijen:
            self.fields[f"rol_{p.organisatie_id}"] = forms.ChoiceField(
                label=_("Rol van %(partij)s") % {"partij": p.aanduiding or p.organisatie.naam},
                choices=PartijRol.choices,
                initial=PartijRol.UITVOEREND,
                required=False,
                widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
                error_messages={
                    "invalid_choice": _("Kies de rol ‘uitvoerend’ of ‘betrokken’."),
                },
            )

    def partij_rijen(self) -> list[tuple]:
        """Per party its checkbox and its role field, in the kader's order."""
        vakjes = {str(vakje.data["value"]): vakje for vakje in self["partijen"]}
        return [(vakjes[str(i)], self[f"rol_{i}"]) for i in self._partij_ids]

    def rollen(self) -> dict[int, str]:
        """The chosen role of each party that is ticked (after is_valid)."""
        gekozen = set(self.cleaned_data.get("partijen") or [])
        return {
            i: self.cleaned_data[f"rol_{i}"]
            for i in self._partij_ids
            if i in gekozen and self.cleaned_data.get(f"rol_{i}")
        }

    # The service checks these too; checking them here as well shows every error at once.
    def clean_jaar(self):
        jaar = self.cleaned_data.get("jaar")
        if fout := jaar_fout(jaar):
            raise forms.ValidationError(fout)
        return jaar

    def clean(self):
        cleaned = super().clean()
        if "trekker" in cleaned and "partijen" in cleaned:
            fout = trekker_fout(cleaned["trekker"], cleaned["partijen"])
            if fout:
                self.add_error("trekker", fout)
        return cleaned
