"""The background task that runs the clocks (enqueued by ``manage.py run_clocks``)."""

from django_tasks import task

from .scan import scan


@task()
def scan_clocks() -> dict:
    """Send every due reminder and escalation once (see :mod:`portal.clocks.scan`)."""
    return scan().as_dict()
