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
