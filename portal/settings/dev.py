"""Local development: DEBUG on, emails printed to the console."""

from .base import *  # noqa: F403
from .env import env_str

DEBUG = True
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
