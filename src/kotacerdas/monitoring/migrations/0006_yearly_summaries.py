"""Summary rows of masterplans and dimensions become yearly (one per year of the period),
dimension and programme rows carry their roll-up weight. Summary rows are derived: they are
emptied here and written again by ``manage.py refresh_monitoring --all-years``."""

from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models


def _empty(apps, schema_editor):  # type: ignore[no-untyped-def]
    for name in ("IndicatorSummary", "ProgrammeSummary", "DimensionSummary", "MasterplanSummary"):
        apps.get_model("monitoring", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0005_roll_up_weights"),
    ]

    operations = [
        migrations.RunPython(_empty, migrations.RunPython.noop),
        migrations.DeleteModel(name="MasterplanSummary"),
        migrations.CreateModel(
            name="MasterplanSummary",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "score",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=5,
                        null=True,
                        verbose_name="achievement (%)",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("on_track", "On track"),
                            ("at_risk", "At risk"),
                            ("off_track", "Off track"),
                            ("not_reported", "Not reported"),
                            ("no_target", "No target"),
                        ],
                        default="not_reported",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("is_current", models.BooleanField(default=False, verbose_name="current year")),
                ("indicators", models.PositiveIntegerField(default=0, verbose_name="indicators")),
                ("on_track", models.PositiveIntegerField(default=0, verbose_name="on track")),
                ("at_risk", models.PositiveIntegerField(default=0, verbose_name="at risk")),
                ("off_track", models.PositiveIntegerField(default=0, verbose_name="off track")),
                (
                    "not_reported",
                    models.PositiveIntegerField(default=0, verbose_name="not reported"),
                ),
                ("due_periods", models.PositiveIntegerField(default=0, verbose_name="periods due")),
                (
                    "reported_periods",
                    models.PositiveIntegerField(default=0, verbose_name="periods reported"),
                ),
                (
                    "verified_periods",
                    models.PositiveIntegerField(default=0, verbose_name="periods verified"),
                ),
                ("refreshed_at", models.DateTimeField(verbose_name="computed")),
            ],
            options={
                "verbose_name": "masterplan monitoring summary",
                "verbose_name_plural": "masterplan monitoring summaries",
                "ordering": ["masterplan", "year"],
            },
        ),
        migrations.AlterModelOptions(
            name="dimensionsummary",
            options={
                "ordering": ["masterplan", "year", "dimension__position"],
                "verbose_name": "dimension monitoring summary",
                "verbose_name_plural": "dimension monitoring summaries",
            },
        ),
        migrations.RemoveConstraint(
            model_name="dimensionsummary",
            name="dimension_summary_once_per_masterplan",
        ),
        migrations.AddField(
            model_name="dimensionsummary",
            name="is_current",
            field=models.BooleanField(default=False, verbose_name="current year"),
        ),
        migrations.AddField(
            model_name="dimensionsummary",
            name="weight",
            field=models.DecimalField(
                decimal_places=2, default=Decimal("1"), max_digits=7, verbose_name="weight"
            ),
        ),
        migrations.AddField(
            model_name="dimensionsummary",
            name="year",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="year"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="programmesummary",
            name="weight",
            field=models.DecimalField(
                decimal_places=2,
                default=Decimal("1"),
                max_digits=7,
                verbose_name="weight within its dimension",
            ),
        ),
        migrations.AddConstraint(
            model_name="dimensionsummary",
            constraint=models.UniqueConstraint(
                fields=("masterplan", "dimension", "year"),
                name="dimension_summary_once_per_year",
                violation_error_code="duplicate",
                violation_error_message="This dimension already has a summary.",
            ),
        ),
        migrations.AddField(
            model_name="masterplansummary",
            name="masterplan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="monitoring_summaries",
                to="planning.masterplan",
                verbose_name="masterplan",
            ),
        ),
        migrations.AddConstraint(
            model_name="masterplansummary",
            constraint=models.UniqueConstraint(
                fields=("masterplan", "year"),
                name="masterplan_summary_once_per_year",
                violation_error_code="duplicate",
                violation_error_message="This year already has a summary.",
            ),
        ),
    ]
