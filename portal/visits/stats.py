"""Visit counts per assistant and month against the VS-2 quota (``visits.quota``).

A household counts once a month however often it is visited ("每月访问客户不少于10户").
These are the figures the admin's quota page, the dashboard and the reports read.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count

from portal.organisation.groups import ASSISTANT
from portal.policies import adapter

from .models import Visit

POLICY = "visits.quota"


@dataclass(frozen=True)
class QuotaRow:
    """One assistant's month: households visited, and what VS-2 says of it."""

    user: object
    households: int
    meets: bool
    shortfall: int
    quota: int


def households_visited(user, year: int, month: int) -> int:
    """The distinct units ``user`` visited in the month."""
    return Visit.objects.filter(visitor=user).in_month(year, month).values("unit").distinct().count()


def counts_by_visitor(year: int, month: int) -> dict[int, int]:
    """``{user id: distinct units visited}`` for the month, in one query."""
    rows = (
        Visit.objects.in_month(year, month)
        .values("visitor")
        .annotate(households=Count("unit", distinct=True))
        .values_list("visitor", "households")
    )
    return dict(rows)


def quota_row(user, households: int, on_date: date) -> QuotaRow:
    decision = adapter.decide(POLICY, {"visits_this_month": households}, on_date=on_date)
    return QuotaRow(
        user=user,
        households=households,
        meets=decision.values["meets"],
        shortfall=decision.values["shortfall"],
        quota=adapter.parameter_value("visits_monthly_quota", on_date),
    )


def quota_for(user, year: int, month: int) -> QuotaRow:
    """``user``'s households visited in the month against VS-2."""
    return quota_row(user, households_visited(user, year, month), _month_end_or_today(year, month))


def quota_table(year: int, month: int) -> list[QuotaRow]:
    """Every active assistant, and anyone else who visited in the month, with their count (VS-2)."""
    counts = counts_by_visitor(year, month)
    users = get_user_model().objects.filter(is_active=True, groups__name=ASSISTANT).distinct()
    people = {user.pk: user for user in users}
    missing = set(counts) - set(people)
    if missing:
        people.update({user.pk: user for user in get_user_model().objects.filter(pk__in=missing)})
    on_date = _month_end_or_today(year, month)
    rows = [quota_row(user, counts.get(pk, 0), on_date) for pk, user in people.items()]
    return sorted(rows, key=lambda row: (row.meets, row.households, row.user.get_username()))


def _month_end_or_today(year: int, month: int) -> date:
    """The parameters of the month are those in force at its end (or today, for this month)."""
    next_month = date(year + month // 12, month % 12 + 1, 1)
    return min(adapter.today(), next_month - timedelta(days=1))
