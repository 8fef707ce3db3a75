from django import forms
from django.utils.translation import gettext_lazy as _

from prestatiemonitor.organisaties.models import Gebied

from .importer.reader import MAX_BYTES
from .permissions import manageable_gemeenten


class ImportUploadForm(forms.Form):
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=Gebied.objects.none(), empty_label=None
    )
    bestand = forms.FileField(
        label=_("Document"),
        help_text=_(
            "Het document met de prestatieafspraken als Markdown- of tekstbestand (UTF-8), "
            "hoogstens 5 MB."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = manageable_gemeenten(user).order_by("naam")

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > MAX_BYTES:
            raise forms.ValidationError(
                _("Het bestand is te groot: het maximum is %(max)s MB."),
                params={"max": MAX_BYTES // (1024 * 1024)},
            )
        return bestand


class ImportBevestigForm(forms.Form):
    """Confirmation of an import; reason, date and forum are required for a bijstelling."""

    reden = forms.CharField(
        label=_("Reden van de bijstelling"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    datum = forms.DateField(
        label=_("Datum van het besluit"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        required=False,
    )
    besloten_in = forms.CharField(
        label=_("Besloten in"),
        help_text=_("Bijvoorbeeld: bestuurlijk overleg breed."),
        max_length=200,
        required=False,
    )

    def __init__(self, *args, bijstelling: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = bijstelling
