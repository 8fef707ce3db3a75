"""The yearly national parameters (DOMAIN.md, "Year-dependent parameters"), with source."""

from decimal import Decimal

from django.db import migrations

RIJK_2024 = "Rijksoverheid, nieuwsbericht 18-11-2024; volkshuisvestingnederland.nl 26-11-2024"
RIJK_2025 = "Rijksoverheid, nieuwsbericht 25-11-2025"

PARAMETERS = [
    ("liberalisatiegrens", "Liberalisatiegrens / DAEB-huurgrens", "euro per maand", [
        (2024, "879.66", RIJK_2024),
        (2025, "900.07", "Rijksoverheid 2024-11-18 (het document: sociale huur onder € 900,07)"),
        (2026, "932.93", RIJK_2025),
    ]),
    ("middenhuur-maximum", "Bovengrens middenhuur (186 WWS-punten)", "euro per maand", [
        (2025, "1184.82", "Prestatieafspraken Nijkerk, bijlage II (prijspeil 2025)"),
        (2026, "1228.07", RIJK_2025),
    ]),
    ("daeb-inkomen-eenpersoons", "DAEB-inkomensgrens eenpersoonshuishouden", "euro per jaar", [
        (2024, "47699", RIJK_2024),
        (2025, "49669", RIJK_2024),
        (2026, "51537", RIJK_2025),
    ]),
    ("daeb-inkomen-meerpersoons", "DAEB-inkomensgrens meerpersoonshuishouden", "euro per jaar", [
        (2024, "52671", RIJK_2024),
        (2025, "54847", RIJK_2024),
        (2026, "56910", RIJK_2025),
    ]),
    ("aftoppingsgrens-laag", "Aftoppingsgrens 1–2 personen", "euro per maand", [
        (2024, "650.43", RIJK_2024),
        (2025, "682.96", RIJK_2024),
    ]),
    ("aftoppingsgrens-hoog", "Aftoppingsgrens 3 of meer personen", "euro per maand", [
        (2024, "697.07", RIJK_2024),
        (2025, "731.93", RIJK_2024),
    ]),
    ("betaalbare-koopgrens", "Grens betaalbare koop", "euro", [
        (2024, "390000", RIJK_2024),
        (2025, "405000", RIJK_2024),
        (2026, "420000", RIJK_2025),
    ]),
]


def vullen(apps, schema_editor):
    Jaarparameter = apps.get_model("normen", "Jaarparameter")
    for code, naam, eenheid, jaren in PARAMETERS:
        for jaar, waarde, bron in jaren:
            Jaarparameter.objects.update_or_create(
                code=code,
                jaar=jaar,
                defaults={"naam": naam, "eenheid": eenheid, "waarde": Decimal(waarde), "bron": bron},
            )


class Migration(migrations.Migration):
    dependencies = [("normen", "0001_eerste")]
    operations = [migrations.RunPython(vullen, migrations.RunPython.noop)]
