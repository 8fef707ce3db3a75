from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prestatiemonitor.organisaties.models import Gebied

from .permissions import manageable_gemeenten


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
            "max": f"{max_mb:g}".replace(".", ",")
        }

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        max_bytes = settings.AFSPRAKEN_IMPORT_MAX_BYTES
        if bestand.size > max_bytes:
            raise forms.ValidationError(
                _("Het bestand %(naam)s is te groot: het maximum is %(max)s MB."),
                params={
                    "naam": bestand.name,
                    "max": f"{max_bytes / (1024 * 1024):g}".replace(".", ","),
                },
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
        # The decision is usually taken shortly before it is recorded: default to today.
        initial=lambda: timezone.localdate().isoformat(),
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
