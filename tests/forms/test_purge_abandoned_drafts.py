"""``manage.py purge_abandoned_drafts``: drafts untouched for 30 days go, with their files,
and so do temporary uploads nobody holds."""

import os
import time
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from portal.casework.models import Draft, wizard_temp_storage

pytestmark = pytest.mark.django_db


def draft_with_file(person, name: str, *, age_days: int) -> Draft:
    stored = wizard_temp_storage.save(name, ContentFile(b"\xff\xd8\xff photo"))
    draft = Draft.objects.create(
        person=person, procedure="repair", run_token=name, step="photos", path="/services/repair/apply/",
        files={"photos": {"photos-photo_1": {"tmp_name": stored, "name": "a.jpg", "content_type": "image/jpeg",
                                             "size": 10, "charset": None}}},
    )
    Draft.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=age_days))
    return draft


def age(name: str, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(wizard_temp_storage.path(name), (then, then))


def test_abandoned_drafts_and_orphaned_files_are_deleted(owner):
    old = draft_with_file(owner, "old", age_days=31)
    recent = draft_with_file(owner, "recent", age_days=29)
    old_file, recent_file = old.temp_file_names()[0], recent.temp_file_names()[0]
    orphan = wizard_temp_storage.save("orphan", ContentFile(b"left behind"))
    fresh_orphan = wizard_temp_storage.save("fresh", ContentFile(b"being uploaded"))
    age(orphan, 25)
    age(recent_file, 24 * 29)

    call_command("purge_abandoned_drafts", verbosity=0)

    assert list(Draft.objects.all()) == [recent]
    assert not wizard_temp_storage.exists(old_file)
    assert wizard_temp_storage.exists(recent_file)
    assert not wizard_temp_storage.exists(orphan)
    assert wizard_temp_storage.exists(fresh_orphan)


def test_a_dry_run_deletes_nothing(owner):
    old = draft_with_file(owner, "old", age_days=40)
    call_command("purge_abandoned_drafts", "--dry-run", verbosity=0)
    assert Draft.objects.filter(pk=old.pk).exists()
    assert wizard_temp_storage.exists(old.temp_file_names()[0])


def test_nothing_to_do_is_fine(db):
    call_command("purge_abandoned_drafts", verbosity=0)
