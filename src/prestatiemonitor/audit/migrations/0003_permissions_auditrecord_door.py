from django.db import migrations, models


def vul_door(apps, schema_editor):
    """Existing rows: the username where a user is known; rows without one were written by the
    system (management commands and the demo acted with acting_user=None); a row whose user was
    deleted since cannot be told apart from those."""
    AuditRecord = apps.get_model("audit", "AuditRecord")
    for record in AuditRecord.objects.select_related("gebruiker").iterator():
        record.door = record.gebruiker.username if record.gebruiker_id else "systeem"
        record.save(update_fields=["door"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditrecord",
            name="door",
            field=models.CharField(
                blank=True,
                help_text="'systeem' voor opdrachten en import door de server, anders de gebruikersnaam.",
                max_length=150,
                verbose_name="door",
            ),
        ),
        migrations.RunPython(vul_door, migrations.RunPython.noop),
    ]
