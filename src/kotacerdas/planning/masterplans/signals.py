"""What a masterplan's life tells the slices above it, without them being imported here."""

from django.dispatch import Signal

# Sent inside ``create_masterplan``'s transaction (and audit context) with ``masterplan`` and
# ``actor``: the quick-win slice gives the new masterplan its default criteria.
masterplan_created = Signal()
