"""The table checks become typed rows: Tabel.controles (JSON) → TabelControle, then the JSON
field goes. Old keys 'tabel' (now the foreign key) and any unknown soort are not kept; a check
without printed or computed figures cannot be a row and is dropped."""

from decimal import Decimal, InvalidOperation

from django.db import migrations

SOORTEN = {"kolomtotaal", "subtotaal", "rijsom", "totaalrij"}


def _getal(value):
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        return None


def controles_naar_rijen(apps, schema_editor):
    Tabel = apps.get_model("afspraken", "Tabel")
    TabelControle = apps.get_model("afspraken", "TabelControle")
    rijen = []
    for tabel in Tabel.objects.exclude(controles=[]).iterator():
        for volgorde, c in enumerate(tabel.controles or [], start=1):
            if not isinstance(c, dict):
                continue
            gedrukt, berekend = _getal(c.get("gedrukt")), _getal(c.get("berekend"))
            if gedrukt is None or berekend is None:
                continue
            soort = c.get("soort") if c.get("soort") in SOORTEN else "kolomtotaal"
            rijen.append(
                TabelControle(
                    tabel=tabel,
                    soort=soort,
                    rij=str(c.get("rij") or "")[:200],
                    kolom=str(c.get("kolom") or "")[:200],
                    gedrukt=gedrukt,
                    berekend=berekend,
                    volgorde=volgorde,
                )
            )
    TabelControle.objects.bulk_create(rijen)


def rijen_naar_controles(apps, schema_editor):
    Tabel = apps.get_model("afspraken", "Tabel")
    for tabel in Tabel.objects.all().iterator():
        rows = tabel.controle_set.order_by("volgorde")
        tabel.controles = [
            {
                "tabel": tabel.nummer,
                "rij": c.rij,
                "kolom": c.kolom,
                "soort": c.soort,
                "gedrukt": float(c.gedrukt),
                "berekend": float(c.berekend),
            }
            for c in rows
        ]
        tabel.save(update_fields=["controles"])


class Migration(migrations.Migration):
    dependencies = [
        ("afspraken", "0004_getypeerde_records"),
    ]

    operations = [
        migrations.RunPython(controles_naar_rijen, rijen_naar_controles),
        migrations.RemoveField(model_name="tabel", name="controles"),
    ]
