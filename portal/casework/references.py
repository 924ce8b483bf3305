"""Reference numbers for submissions: ``ZX-<year>-<6 digits>``, gap-free per year."""

from django.db import transaction

from .models import ReferenceCounter

PREFIX = "ZX"


def next_reference(year: int, prefix: str = PREFIX) -> str:
    """Allocate the next reference of ``year``. Call inside the transaction that saves
    the submission, so a rolled-back submission gives its number back."""
    with transaction.atomic():
        counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(prefix=prefix, year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
    return f"{prefix}-{year}-{counter.last:06d}"
