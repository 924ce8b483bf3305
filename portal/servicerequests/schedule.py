"""The week of the requests' summary (RQ-4): due before the end of work on Friday.

The week runs Monday to Sunday. The summary is due at :data:`END_OF_WORK` (17:30,
Asia/Shanghai) on the week's Friday, or, when Friday is a holiday, on the last working
day of the week before it (the office's calendar: :mod:`rules.workdays` with the
closures in force); a week with no working day up to Friday (the National Day week)
takes its first working day after. The supervisor is reminded on the afternoon it is
due (:data:`REMIND_BEFORE`, at 15:00).
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from rules.workdays import WorkingCalendar

from portal.policies import adapter
from portal.policies.adapter import SHANGHAI

END_OF_WORK = time(17, 30)
REMIND_BEFORE = timedelta(hours=2, minutes=30)


def office_calendar(on_date: date | None = None) -> WorkingCalendar:
    params = adapter.params_in_force(on_date)
    return WorkingCalendar(params["calendar_extra_closures"], params["calendar_extra_working_days"])


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def week_of(moment: datetime) -> date:
    return week_start(timezone.localtime(moment, SHANGHAI).date())


def week_bounds(monday: date) -> tuple[datetime, datetime]:
    """The week's first and first-after instants, in Asia/Shanghai."""
    start = datetime.combine(monday, time.min, tzinfo=SHANGHAI)
    return start, start + timedelta(days=7)


def summary_day(monday: date) -> date:
    """The day the week's summary is due (RQ-4)."""
    calendar = office_calendar(monday)
    friday = monday + timedelta(days=4)
    day = friday
    while day >= monday:
        if calendar.is_working_day(day):
            return day
        day -= timedelta(days=1)
    day = friday + timedelta(days=1)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def summary_due_at(monday: date) -> datetime:
    return datetime.combine(summary_day(monday), END_OF_WORK, tzinfo=SHANGHAI)
