"""Demo censuses (房屋动态): last month's taken by the assistant and signed by the project
manager (so security and the cashier have their copy), this month's open with its deadlines.

Idempotent: a month already taken is left as it is. Deterministic: the counts are the
demo register's.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model

from portal.policies.adapter import today

from . import services


def load(out=None) -> None:
    users = {user.username: user for user in get_user_model().objects.filter(username__in=("assistant", "manager"))}
    assistant, manager = users.get("assistant"), users.get("manager")
    if assistant is None or manager is None or not services.may_take(assistant) or not services.may_sign(manager):
        return
    this_month = services.first_of_month(today())
    last_month = services.first_of_month(this_month - timedelta(days=1))
    census = services.open_month(last_month)
    if not census.is_taken:
        census = services.take_census(last_month, by=assistant)
    if not census.is_signed:
        services.sign(census, by=manager)
    services.open_month(this_month)
    if out is not None:
        out.write(f"Property status: {census} taken and signed ({census.units_counted} units), {this_month:%Y-%m} open")
