"""When the clocks of a repair order run out (RP-4, RP-5).

The procedures say engineering collects the 《维修服务单》 "as soon as possible" and that
the morning shift lists the day's open orders "before 17:00". The service centre's
standard, fixed here:

- an **emergency** order is picked up within :data:`EMERGENCY_PICKUP` (30 minutes), day
  or night: engineering keeps a duty engineer on call;
- a **general** order within :data:`GENERAL_PICKUP` (2 hours) of office time, 08:30–17:30
  every day of the week (the service centre and engineering's day shift work weekends
  and holidays too): the part of the two hours left at 17:30 runs on from 08:30 the next
  morning, and an order reported outside office hours counts from the next 08:30;
- the **17:00 list** (RP-5) is drawn up on working days of the Chinese calendar
  (:mod:`rules.workdays`, with the office's own closures in force): the department head works office days;
- the **follow-up** of a completed repair is due by the end of the day it was completed
  (RP-5, FU-1).
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from rules.workdays import WorkingCalendar

from portal.policies import adapter
from portal.policies.adapter import SHANGHAI

from .models import Priority

EMERGENCY_PICKUP = timedelta(minutes=30)
GENERAL_PICKUP = timedelta(hours=2)
OFFICE_OPENS = time(8, 30)
OFFICE_CLOSES = time(17, 30)
DAILY_LIST_AT = time(17, 0)


def at(day: date, moment: time) -> datetime:
    """``moment`` on ``day`` in Asia/Shanghai, as an aware datetime."""
    return datetime.combine(day, moment, tzinfo=SHANGHAI)


def pickup_deadline(priority: str, reported_at: datetime) -> datetime:
    """When engineering must have collected an order of ``priority`` reported at ``reported_at`` (RP-4)."""
    if priority == Priority.EMERGENCY:
        return reported_at + EMERGENCY_PICKUP
    local = timezone.localtime(reported_at, SHANGHAI)
    day = local.date()
    if local < at(day, OFFICE_OPENS):
        start = at(day, OFFICE_OPENS)
    elif local >= at(day, OFFICE_CLOSES):
        start = at(day + timedelta(days=1), OFFICE_OPENS)
    else:
        start = local
    due = start + GENERAL_PICKUP
    closes = at(start.date(), OFFICE_CLOSES)
    if due > closes:
        due = at(start.date() + timedelta(days=1), OFFICE_OPENS) + (due - closes)
    return due


def office_calendar(on_date: date | None = None) -> WorkingCalendar:
    """The statutory calendar with the office's own closures and openings in force."""
    params = adapter.params_in_force(on_date)
    return WorkingCalendar(params["calendar_extra_closures"], params["calendar_extra_working_days"])


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    calendar = office_calendar(day)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def list_day_for(moment: datetime) -> date:
    """The working day whose 17:00 list is the first to show an order open at ``moment`` (RP-5)."""
    local = timezone.localtime(moment, SHANGHAI)
    day = local.date()
    if local >= at(day, DAILY_LIST_AT):
        day += timedelta(days=1)
    return next_working_day(day)


def list_due_at(day: date) -> datetime:
    return at(day, DAILY_LIST_AT)


def end_of_day(moment: datetime) -> datetime:
    """The last minute of ``moment``'s day in Asia/Shanghai (the same-day follow-up, RP-5)."""
    day = timezone.localtime(moment, SHANGHAI).date()
    return at(day, time(23, 59))
