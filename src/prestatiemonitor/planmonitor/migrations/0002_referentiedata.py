"""Plan hardness codes (national, as used by Planmonitor Wonen and DIWI) and the default list of
knelpunten. Both are data: a gemeente can add knelpunten; labels per kader are HardheidLabel."""

from django.db import migrations

HARDHEDEN = [
    ("1A", "Onherroepelijk bestemmingsplan of inpassingsplan", True, True),
    ("1B", "Onherroepelijk bestemmingsplan met uitwerkingsplicht", True, True),
    ("1C", "Onherroepelijk bestemmingsplan met wijzigingsbevoegdheid", False, True),
    ("2A", "Vastgesteld bestemmingsplan of inpassingsplan", True, True),
    ("2B", "Vastgesteld bestemmingsplan met uitwerkingsplicht", True, True),
    ("2C", "Vastgesteld bestemmingsplan met wijzigingsbevoegdheid", False, True),
    ("3", "Bestemmingsplan of inpassingsplan in voorbereiding", False, True),
    ("4A", "Potentieel: visie", False, True),
    ("4B", "Potentieel: optie", False, True),
    ("5A", "Intern idee met locatie (geen principeakkoord B&W; geen plancapaciteit)", False, False),
    ("5B", "Intern idee zonder locatie (geen principeakkoord B&W; geen plancapaciteit)", False, False),
]

KNELPUNTEN = [
    ("Stikstof", "Stikstofdepositie of -vergunning"),
    ("Netcongestie", "Geen of late aansluiting op het elektriciteitsnet"),
    ("Bezwaar en beroep", "Procedures tegen bestemmingsplan of vergunning"),
    ("Financiële haalbaarheid", "Onrendabele top, bouwkosten, rente"),
    ("Grondpositie", "Grond niet (tijdig) beschikbaar"),
    ("Capaciteit", "Te weinig capaciteit bij gemeente, corporatie of bouwer"),
    ("Infrastructuur", "Ontsluiting, water, riolering of bodem"),
    ("Overig", "Ander knelpunt; zie de toelichting"),
]


def vullen(apps, schema_editor):
    Hardheid = apps.get_model("planmonitor", "Hardheid")
    Knelpunt = apps.get_model("planmonitor", "Knelpunt")
    for volgorde, (code, definitie, hard, telt) in enumerate(HARDHEDEN, start=1):
        Hardheid.objects.update_or_create(
            code=code,
            defaults={
                "definitie": definitie,
                "hard": hard,
                "telt_als_plancapaciteit": telt,
                "volgorde": volgorde,
            },
        )
    for volgorde, (naam, omschrijving) in enumerate(KNELPUNTEN, start=1):
        Knelpunt.objects.update_or_create(
            naam=naam, defaults={"omschrijving": omschrijving, "volgorde": volgorde}
        )


class Migration(migrations.Migration):
    dependencies = [("planmonitor", "0001_eerste")]
    operations = [migrations.RunPython(vullen, migrations.RunPython.noop)]
