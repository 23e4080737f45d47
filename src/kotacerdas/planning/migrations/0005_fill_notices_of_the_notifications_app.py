"""Copy the review notices into the core notifications app before planning's table goes."""

from django.db import migrations


def _save(New, batch):
    """Create the batch, then give each notice the time of the one it copies."""
    created = New.objects.bulk_create([new for new, _when in batch])
    for new, (_same, when) in zip(created, batch, strict=True):
        New.objects.filter(pk=new.pk).update(created=when)


def copy_notices(apps, schema_editor):
    Old = apps.get_model("planning", "Notification")
    New = apps.get_model("notifications", "Notification")
    batch = []
    for old in Old.objects.select_related("masterplan").iterator(chunk_size=1000):
        params = {"title": old.masterplan.title}
        if old.actor_name:
            params["who"] = old.actor_name
        if old.note:
            params["note"] = old.note
        new = New(
            user_id=old.user_id,
            region_id=old.masterplan.region_id,
            kind=f"planning.{old.kind}",
            params=params,
            url=f"/masterplans/{old.masterplan_id}/",
            read_at=old.read_at,
        )
        batch.append((new, old.created))
        if len(batch) >= 1000:
            _save(New, batch)
            batch = []
    _save(New, batch)


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0004_regulation_and_decree_files_named_by_the_upload_module"),
        ("notifications", "0001_notices"),
    ]

    operations = [migrations.RunPython(copy_notices, migrations.RunPython.noop)]
