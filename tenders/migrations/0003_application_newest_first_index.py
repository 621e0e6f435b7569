from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tenders", "0002_attachment_kind_report"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["-created_at", "-id"], name="application_newest_first"),
        ),
    ]
