"""The period a report covers: a week (Monday to Sunday), a month, or any run of days.

Days are Asia/Shanghai days; :attr:`Period.start_at` and :attr:`Period.end_at` are the
aware instants that bound them (``start_at <= t < end_at``), for filters on datetimes.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext_lazy as _

from portal.policies.adapter import SHANGHAI, today

WEEK = "week"
MONTH = "month"
CUSTOM = "custom"
KINDS = {WEEK: _("Week"), MONTH: _("Month"), CUSTOM: _("From – to")}
LONGEST = timedelta(days=366)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    kind: str = CUSTOM

    @classmethod
    def week_of(cls, day: date) -> "Period":
        monday = day - timedelta(days=day.weekday())
        return cls(monday, monday + timedelta(days=6), WEEK)

    @classmethod
    def month_of(cls, day: date) -> "Period":
        last = calendar.monthrange(day.year, day.month)[1]
        return cls(day.replace(day=1), day.replace(day=last), MONTH)

    @classmethod
    def of(cls, kind: str, day: date) -> "Period":
        return cls.month_of(day) if kind == MONTH else cls.week_of(day)

    @classmethod
    def from_query(cls, query, default_kind: str = WEEK) -> "Period":
        """``?period=week|month&on=YYYY-MM-DD`` or ``?period=custom&start=…&end=…``; bad input
        falls back to the current week or month."""
        kind = query.get("period") or default_kind
        try:
            if kind == CUSTOM:
                start, end = date.fromisoformat(query["start"]), date.fromisoformat(query["end"])
                if start <= end and end - start <= LONGEST:
                    return cls(start, end, CUSTOM)
                kind = default_kind
            on = date.fromisoformat(query["on"]) if query.get("on") else today()
        except (KeyError, ValueError):
            kind, on = (kind if kind in (WEEK, MONTH) else default_kind), today()
        return cls.of(kind if kind in (WEEK, MONTH) else default_kind, on)

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=SHANGHAI)

    @property
    def end_at(self) -> datetime:
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=SHANGHAI)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        return Period.of(self.kind, self.start - timedelta(days=1)) if self.kind != CUSTOM else self

    def next(self) -> "Period":
        return Period.of(self.kind, self.end + timedelta(days=1)) if self.kind != CUSTOM else self

    def query(self) -> dict[str, str]:
        if self.kind == CUSTOM:
            return {"period": CUSTOM, "start": self.start.isoformat(), "end": self.end.isoformat()}
        return {"period": self.kind, "on": self.start.isoformat()}

    def __str__(self) -> str:
        if self.kind == MONTH:
            return f"{self.start:%Y-%m}"
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"
