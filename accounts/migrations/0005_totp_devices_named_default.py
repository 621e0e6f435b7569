"""The second factor's views are django-two-factor-auth's now; it asks for the code of the device named "default".

Devices confirmed under the earlier hand-written setup carry another name: they get the package's, so their
owners are asked for the code at the next login instead of setting up again. A setup never finished left an
unconfirmed device behind; the package makes its own, so those go.
"""

from django.db import migrations


def name_confirmed_devices_default(apps, schema_editor):
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    TOTPDevice.objects.filter(confirmed=False).delete()
    TOTPDevice.objects.filter(confirmed=True).exclude(name="default").update(name="default")


class Migration(migrations.Migration):

    dependencies = [
        ('maastricht_inclusie', '0004_reminder_and_exportjob_moved'),
        ('otp_totp', '0003_add_timestamps'),
    ]

    operations = [migrations.RunPython(name_confirmed_devices_default, migrations.RunPython.noop)]
