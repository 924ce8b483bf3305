"""The test suite: fast hashing, in-memory email, media in a throw-away folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
_scratch = Path(tempfile.mkdtemp(prefix="wuye-test-"))
MEDIA_ROOT = _scratch / "media"
PRIVATE_MEDIA_ROOT = _scratch / "private"
STORAGES = {
    **STORAGES,
    "private": {**STORAGES["private"], "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None}},
}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
