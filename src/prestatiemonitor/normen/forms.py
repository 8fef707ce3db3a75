from django import forms


class AfwijkingForm(forms.Form):
    norm = forms.TypedChoiceField(label="Norm", coerce=int)
    onderwerp = forms.CharField(
        label="Waarvoor",
        max_length=100,
        help_text="Projectcode, jaar of partij, zoals in de uitkomst.",
    )
    reden = forms.CharField(label="Reden", widget=forms.Textarea(attrs={"rows": 3}))
    besluit = forms.CharField(
        label="Besluit", max_length=300, help_text="Bijvoorbeeld 'B&W 12 maart 2026'."
    )
    besloten_op = forms.DateField(
        label="Datum besluit", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, normen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["norm"].choices = [(n.pk, n.naam) for n in normen]


SEGMENT_KEUZES = [
    ("sociale_huur", "sociale huur"),
    ("middenhuur", "middenhuur"),
    ("vrije_sector_huur", "vrije sector huur"),
    ("sociale_koop", "sociale koop"),
    ("betaalbare_koop", "betaalbare koop"),
    ("vrije_sector_koop", "vrije sector koop"),
]


class AandeelnormForm(forms.Form):
    naam = forms.CharField(
        label="Naam van de norm",
        max_length=200,
        help_text="Bijvoorbeeld '56 % betaalbaar (woondeal)'.",
    )
    bron = forms.CharField(
        label="Bron",
        max_length=300,
        help_text="Bijvoorbeeld 'Woondeal regio Foodvalley, 8 maart 2023'.",
    )
    minimum_pct = forms.DecimalField(
        label="Minimum aandeel van de nieuwbouw (%)", min_value=0, max_value=100, decimal_places=1
    )
    segmenten = forms.MultipleChoiceField(
        label="Segmenten die meetellen", choices=SEGMENT_KEUZES, widget=forms.CheckboxSelectMultiple
    )
    informatief = forms.BooleanField(
        label="Ter informatie (geen afspraak van dit kader)", required=False, initial=True
    )
