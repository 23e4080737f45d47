# The yearly evaluation's and the SPBE self-assessment's first migrations were made side by
# side; this joins the two.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0001_evaluation_rounds"),
        ("evaluation", "0001_spbe"),
    ]

    operations = []
