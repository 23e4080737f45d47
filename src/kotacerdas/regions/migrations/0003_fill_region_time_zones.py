"""Each existing region gets its province's time zone (WIB, WITA or WIT).

The table is copied here (not imported from ``regions.zones``) so that the migration keeps
doing what it did when it was written.
"""

from typing import Any

from django.db import migrations

WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
WIT = {"81", "82", "91", "92", "93", "94", "95", "96"}


def fill(apps: Any, schema_editor: Any) -> None:
    Region = apps.get_model("regions", "Region")
    for zone, provinces in (("Asia/Makassar", WITA), ("Asia/Jayapura", WIT)):
        for province in provinces:
            Region.objects.filter(code=province).update(time_zone=zone)
            Region.objects.filter(code__startswith=f"{province}.").update(time_zone=zone)


class Migration(migrations.Migration):
    dependencies = [("regions", "0002_region_time_zone")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
