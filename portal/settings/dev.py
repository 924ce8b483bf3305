"""Local development: DEBUG on, emails printed to the console."""

from .base import *  # noqa: F403
from .env import env_str

DEBUG = True
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# Background tasks run inline; ``make worker`` sets TASKS_BACKEND=django_tasks_db.DatabaseBackend
# so the clock scans queue in the database and a ``db_worker`` runs them.
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}
