"""Enqueue the clock scan every few seconds; a task worker (``db_worker``) runs it.

Under the inline task backend (``dev``, ``test``) the scan runs in this process.
"""

import time

from django.core.management.base import BaseCommand

from portal.clocks.tasks import scan_clocks


class Command(BaseCommand):
    help = "Enqueue the deadline scan (reminders and escalations) every --every seconds."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=300, help="Seconds between two scans (default 300).")
        parser.add_argument("--once", action="store_true", help="Enqueue one scan and exit.")

    def handle(self, *args, every, once, **options):
        if every < 1:
            self.stderr.write("--every must be at least 1 second.")
            return
        try:
            while True:
                result = scan_clocks.enqueue()
                self.stdout.write(f"Clock scan {result.id} enqueued ({result.status}).")
                if once:
                    return
                time.sleep(every)
        except KeyboardInterrupt:
            self.stdout.write("Clock loop stopped.")
