"""The monthly property-status census and its report (房屋动态管理, ST-1/ST-2).

- :func:`open_month` creates the month's record with its due dates, asked of
  ``status.census_due``: the census by the 30th (the last day of February), the report
  《月度物业动态信息表》 by the 3rd of the next month. The due dates are what the clocks watch.
- :func:`take_census` counts the units of every building by occupancy state (ST-1) and
  lists, unit by unit, those whose state now differs from the state they had when the month
  began, read from the register's status history. It may be taken again until the report is signed.
- :func:`sign` is the project manager's signature (ST-2); a signed census never changes,
  and security and the cashier receive their copy: they can read it from then on, and are emailed.
  Signing opens the next month's record, so that its deadlines are on the clocks
  (:mod:`portal.census.clocks`); 房屋动态 in the admin opens the current month's too.

Every step is audited in its own transaction.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.audit.services import record
from portal.casework.refusals import Refusal
from portal.estate.models import Unit, UnitStatusChange
from portal.organisation import groups
from portal.policies import adapter

from . import notifications
from .models import CensusChange, CensusCount, MonthlyCensus

POLICY = "status.census_due"
TAKE_PERMISSION = "census.add_monthlycensus"
SIGN_PERMISSION = "census.sign_monthlycensus"
VIEW_PERMISSION = "census.view_monthlycensus"
# The departments the signed report is copied to (ST-2).
COPIED_TO = (groups.SECURITY, groups.CASHIER)


class CensusError(Refusal):
    """A step refused for a reason the user can act on; ``str()`` says what."""


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def month_start(month: date) -> datetime:
    """Midnight of the month's first day in Asia/Shanghai."""
    return datetime.combine(first_of_month(month), time.min, tzinfo=adapter.SHANGHAI)


def end_of_day(day: date) -> datetime:
    """The first instant after ``day`` in Asia/Shanghai: what "by the 30th" means for a clock."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=adapter.SHANGHAI)


def next_month(month: date) -> date:
    return (first_of_month(month) + timedelta(days=32)).replace(day=1)


def due_dates(month: date) -> tuple[date, date]:
    """``(census_due, report_due)`` of ``month`` (ST-2)."""
    values = adapter.decide(POLICY, {"month": f"{month:%Y-%m}"}, on_date=month).values
    return values["census_due"], values["report_due"]


def open_month(month: date | None = None) -> MonthlyCensus:
    """The census record of ``month`` (default: this month), created with its due dates."""
    month = first_of_month(month or adapter.today())
    census_due, report_due = due_dates(month)
    census, _created = MonthlyCensus.objects.get_or_create(
        month=month,
        defaults={
            "census_due": census_due,
            "report_due": report_due,
            "census_due_at": end_of_day(census_due),
            "report_due_at": end_of_day(report_due),
        },
    )
    return census


# --- Who may do what -------------------------------------------------------------------------


def may_take(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(TAKE_PERMISSION)


def may_sign(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(SIGN_PERMISSION)


def visible_to(user):
    """The censuses ``user`` may read: all for those who take or sign them, the signed ones for
    the departments they are copied to."""
    queryset = MonthlyCensus.objects.select_related("taken_by", "signed_by")
    if may_take(user) or may_sign(user):
        return queryset
    if user.is_authenticated and user.has_perm(VIEW_PERMISSION):
        return queryset.filter(signed_at__isnull=False)
    return queryset.none()


# --- The steps --------------------------------------------------------------------------------


def take_census(month: date | None = None, *, by, now: datetime | None = None) -> MonthlyCensus:
    """Count the units of ``month`` (default: this month) as they stand now."""
    if not may_take(by):
        raise PermissionDenied("Only the desk takes the monthly census.")
    now = now or timezone.now()
    census = open_month(month)
    with transaction.atomic():
        census = MonthlyCensus.objects.select_for_update().get(pk=census.pk)
        if census.is_signed:
            raise CensusError(_("The census of this month is signed and can no longer change."))
        retaken = census.is_taken
        census.counts.all().delete()
        census.changes.all().delete()
        counts = [
            CensusCount(census=census, building_id=row["building"], status=row["status"], units=row["units"])
            for row in Unit.objects.order_by().values("building", "status").annotate(units=Count("id"))
        ]
        CensusCount.objects.bulk_create(counts)
        CensusChange.objects.bulk_create(
            CensusChange(census=census, unit_id=row["pk"], from_status=row["start_status"],
                         to_status=row["status"], changed_at=row["last_changed_at"])
            for row in changed_units(census.month, until=now)
        )
        census.taken_at = now
        census.taken_by = by
        census.units_counted = sum(count.units for count in counts)
        census.save()
        record(census, "retaken" if retaken else "taken", actor=by,
               data={"units": census.units_counted, "changes": census.changes.count()})
    return census


def changed_units(month: date, *, until: datetime):
    """Units whose state at ``until`` differs from their state when ``month`` began.

    The state at the start is the ``from_status`` of the first change since then; a unit
    that changed and changed back is not listed. One query.
    """
    since = UnitStatusChange.objects.filter(
        unit=OuterRef("pk"), changed_at__gte=month_start(month), changed_at__lte=until
    )
    return (
        Unit.objects.annotate(
            start_status=Subquery(since.order_by("changed_at", "id").values("from_status")[:1]),
            last_changed_at=Subquery(since.order_by("-changed_at", "-id").values("changed_at")[:1]),
        )
        .filter(start_status__isnull=False)
        .exclude(start_status=F("status"))
        .order_by("building__name", "floor", "number")
        .values("pk", "start_status", "status", "last_changed_at")
    )


def sign(census: MonthlyCensus, *, by) -> MonthlyCensus:
    """The project manager signs the month's report (ST-2); security and the cashier get their copy."""
    if not may_sign(by):
        raise PermissionDenied("Only the project manager signs the monthly status report.")
    with transaction.atomic():
        locked = MonthlyCensus.objects.select_for_update().get(pk=census.pk)
        if not locked.is_taken:
            raise CensusError(_("Take the census before signing the report."))
        if locked.is_signed:
            raise CensusError(_("The report is already signed."))
        locked.signed_at = timezone.now()
        locked.signed_by = by
        locked.save(update_fields=["signed_at", "signed_by"])
        record(locked, "signed", actor=by, data={"copied_to": list(COPIED_TO)})
        transaction.on_commit(lambda: notifications.send_copies(locked, copied_to()))
    # The next month's record opens now, so that its deadlines are watched (portal.census.clocks).
    open_month(next_month(census.month))
    census.refresh_from_db()
    return census


def copied_to():
    """The active members of the departments the signed report is copied to."""
    return get_user_model().objects.filter(is_active=True, groups__name__in=COPIED_TO).distinct()
