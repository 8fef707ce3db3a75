from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("afspraken", "0004_getypeerde_records"),
    ]

    operations = [
        migrations.AddField(
            model_name="importconcept",
            name="basis_document",
            field=models.JSONField(blank=True, null=True, verbose_name="gelezen vorig document"),
        ),
        migrations.AddField(
            model_name="importconcept",
            name="basis_sha256",
            field=models.CharField(
                blank=True, max_length=64, verbose_name="controlegetal vorig document"
            ),
        ),
        migrations.AddField(
            model_name="importconcept",
            name="document",
            field=models.JSONField(blank=True, null=True, verbose_name="gelezen document"),
        ),
    ]
