from django import forms

from prestatiemonitor.organisaties.constants import Rol


class SleutelForm(forms.Form):
    naam = forms.CharField(
        label="Naam",
        max_length=100,
        help_text="Waarvoor de sleutel is, bijvoorbeeld 'Koppeling woningadministratie'.",
        widget=forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input"}),
    )
    rol = forms.ChoiceField(
        label="Rol",
        choices=Rol.choices,
        initial=Rol.LEZER,
        help_text="De sleutel mag precies wat een lid met deze rol mag. Kies de laagste rol "
        "waarmee de koppeling werkt.",
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
