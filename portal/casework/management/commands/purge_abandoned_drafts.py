"""Delete abandoned draft applications and the uploaded files nobody holds any more.

Run it daily (cron or a scheduled task)::

    python manage.py purge_abandoned_drafts

A draft untouched for 30 days is deleted with its files. A file in the wizards'
temporary folder that no draft refers to (left by a form that was never saved as a
draft, or replaced by a later upload) is deleted once it is older than ``--grace-hours``.
"""

import os
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.casework.models import DRAFT_LIFETIME, Draft, wizard_temp_storage


class Command(BaseCommand):
    help = "Delete drafts untouched for 30 days with their files, and orphaned temporary uploads."

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace-hours", type=int, default=24,
            help="Keep unreferenced temporary files younger than this (default 24).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would be deleted, delete nothing.")

    def handle(self, *args, grace_hours, dry_run, **options):
        now = timezone.now()
        abandoned = list(Draft.objects.abandoned(now))
        for draft in abandoned:
            if not dry_run:
                draft.delete_files()
                draft.delete()

        held = {name for files in Draft.objects.values_list("files", flat=True)
                for name in Draft(files=files).temp_file_names()}
        orphans = [name for name in _stored_files()
                   if name not in held and _modified(name) < now - timedelta(hours=grace_hours)]
        if not dry_run:
            for name in orphans:
                wizard_temp_storage.delete(name)

        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {len(abandoned)} draft(s) older than {DRAFT_LIFETIME.days} days "
            f"and {len(orphans)} orphaned temporary file(s)."
        )


def _stored_files():
    """Every file name in the temporary folder, relative to it."""
    root = wizard_temp_storage.location
    if not os.path.isdir(root):
        return
    for folder, _, names in os.walk(root):
        for name in names:
            yield os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")


def _modified(name):
    return wizard_temp_storage.get_modified_time(name)
