from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("afspraken", "0006_importflow_wijzigingen_naar_rijen"),
    ]

    operations = [
        migrations.RemoveField(model_name="bijstelling", name="wijzigingen"),
    ]
