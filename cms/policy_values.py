"""The policy library as the owner portal quotes it.

Pages never retype an amount or a deadline: they name a policy parameter and ask
``portal.policies.adapter`` for the value in force on a date. The adapter is imported when
first used, so that loading the page models does not load the policy models.
"""

from datetime import date
from zoneinfo import ZoneInfo

from django.utils import timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")


def today() -> date:
    """Today's date in Asia/Shanghai: the day whose parameters are in force."""
    return timezone.localdate(timezone=SHANGHAI)


def parameter_choices() -> list[tuple[str, str]]:
    """Every policy parameter as ``(name, label)``, for the editor's chooser."""
    from portal.policies import adapter

    return list(adapter.parameter_choices())


def format_parameter(name: str, on_date: date | None = None) -> str:
    """The value of parameter ``name`` in force on ``on_date`` (default today), with its unit."""
    from portal.policies import adapter

    return adapter.format_parameter(name, on_date=on_date or today())


def decide(procedure: str, facts, on_date: date | None = None):
    """``rules.decide`` with the parameters in force on ``on_date`` (default today)."""
    from portal.policies import adapter

    return adapter.decide(procedure, facts, on_date=on_date or today())
