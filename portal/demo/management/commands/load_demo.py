"""``python manage.py load_demo``: the demo estate 锦绣花园, its logins and the portal's pages.

Idempotent (a second run writes nothing), deterministic (a fixed seed; dates hang on
the current month) and it also rebuilds a flushed database. Runs in one transaction.
"""

import time
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string, module_has_submodule

from portal.demo import estate, users
from portal.demo.summary import summarise

# The portal's pages load last. They are named, not imported: portal does not depend
# on cms (the arrows go cms -> portal).
CONTENT_LOADER = "cms.demo.load"

# Each casework room may bring demo cases in a ``demo_cases`` module with a
# ``load(out)`` function (idempotent and deterministic, like the rest); they load after
# the register and the pages, in INSTALLED_APPS order.
CASES_MODULE = "demo_cases"


def case_loaders():
    for config in apps.get_app_configs():
        if config.name.startswith("portal.") and module_has_submodule(config.module, CASES_MODULE):
            yield import_module(f"{config.name}.{CASES_MODULE}").load


class Command(BaseCommand):
    help = "Load the demo estate, its demo logins (password demo12345) and the portal's demo pages."

    def handle(self, *args, **options):
        started = time.monotonic()
        out = self.stdout if options["verbosity"] > 0 else None
        with transaction.atomic():
            estate.load(out)
            logins = users.load(out)
            import_string(CONTENT_LOADER)(out)
            for load_cases in case_loaders():
                load_cases(out)
        elapsed = time.monotonic() - started
        if out is None:
            return

        self.stdout.write("")
        for line in summarise(timezone.localdate()):
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo logins"))
        width = max(len(login.username) for login in logins)
        self.stdout.write(f"{'Username':<{width}}  {'Password':<9}  Role")
        for login in logins:
            self.stdout.write(f"{login.username:<{width}}  {login.password:<9}  {login.role}")
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {elapsed:.1f} s."))
