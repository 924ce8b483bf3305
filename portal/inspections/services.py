"""The daily inspection round, from starting it to checking its findings on site
(日常巡查, IN-1…IN-4).

- :func:`start_inspection` opens the assistant's 《楼层巡检表》 of the day with the floors
  :func:`choose_floors` drew for them (IN-1); asking again the same day returns the same
  record, and the database refuses a second one.
- :func:`record_checklist` ticks the areas, the IN-2 checklist and the floors walked;
  :func:`complete` closes the round once every area and every chosen floor is covered.
- :func:`record_finding` records a problem with its photos, fixed on the spot or with the
  IN-3 deadlines from ``inspection.issue_deadlines`` stored on it: forward within
  ``forward_by``, check on site by ``verify_by``. :func:`mark_fixed`, :func:`forward` and
  :func:`verify` are the later steps.

Every step needs ``inspections.record_inspection`` and a round of one's own (or
``inspections.oversee_inspection``), else :class:`PermissionDenied`; a step the record's
state does not allow raises :class:`InspectionError`. Each change and its audit event are
saved in one transaction.
"""

import hashlib
import random
from collections import Counter
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.audit.services import record
from portal.casework.refusals import Refusal
from portal.estate.models import Building, Estate
from portal.policies import adapter

from .models import (
    AREA_FIELDS,
    CHECK_FIELDS,
    Area,
    CheckItem,
    Finding,
    FindingPhoto,
    FindingState,
    Inspection,
    InspectionFloor,
)

POLICY = "inspection.issue_deadlines"
RECORD_PERMISSION = "inspections.record_inspection"
OVERSEE_PERMISSION = "inspections.oversee_inspection"

# IN-1: five floors chosen at random on every round, and every floor walked twice a week.
# The policy library has no parameter for these counts; they are the procedure's own.
FLOORS_PER_ROUND = 5
WEEKLY_PASSES = 2


class InspectionError(Refusal):
    """A step refused for a reason staff can act on; ``str()`` says what."""


# --- Who may do what ------------------------------------------------------------------------


def may_record(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(RECORD_PERMISSION)


def may_work_on(user, inspection: Inspection) -> bool:
    """May ``user`` change ``inspection`` (their own round, or anyone's for those who oversee)?"""
    return may_record(user) and (inspection.inspector_id == user.pk or user.has_perm(OVERSEE_PERMISSION))


def _require(user, inspection: Inspection) -> None:
    if not may_work_on(user, inspection):
        raise PermissionDenied(f"{user} may not record on inspection {inspection.pk}")


# --- The floors of a round (IN-1) -----------------------------------------------------------


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def all_floors(estate: Estate) -> list[tuple[Building, int]]:
    """Every floor above ground of every building of ``estate``, in a stable order."""
    return [
        (building, floor)
        for building in Building.objects.filter(estate=estate).order_by("name", "pk")
        for floor in range(1, building.floors + 1)
    ]


def walked_this_week(estate: Estate, day: date, *, exclude=None) -> Counter:
    """How many times each ``(building_id, floor)`` of ``estate`` was walked in ``day``'s week."""
    floors = InspectionFloor.objects.filter(
        checked=True, inspection__estate=estate, inspection__day__gte=week_start(day),
        inspection__day__lt=week_start(day) + timedelta(days=7),
    )
    if exclude is not None:
        floors = floors.exclude(inspection=exclude)
    return Counter(floors.values_list("building_id", "floor"))


def choose_floors(estate: Estate, inspector, day: date, count: int = FLOORS_PER_ROUND) -> list[tuple[Building, int]]:
    """The ``count`` floors ``inspector`` walks on ``day`` (IN-1).

    Floors walked least this week come first, so that the week's rounds between them
    cover every floor (twice, IN-1); among equals the draw is random, seeded by the
    assistant and the day, so the same inputs always give the same floors.
    """
    rng = random.Random(f"inspection:{inspector.pk}:{day.isoformat()}")
    walked = walked_this_week(estate, day)
    floors = all_floors(estate)
    draws = [rng.random() for _ in floors]
    ranked = sorted(range(len(floors)), key=lambda i: (walked[(floors[i][0].pk, floors[i][1])], draws[i]))
    chosen = [floors[i] for i in ranked[:count]]
    return sorted(chosen, key=lambda pair: (pair[0].name, pair[0].pk, pair[1]))


# --- The round ------------------------------------------------------------------------------


def default_estate() -> Estate:
    estate = Estate.objects.order_by("pk").first()
    if estate is None:
        raise InspectionError(_("No estate is registered yet."))
    return estate


def todays_inspection(user, day: date | None = None) -> Inspection | None:
    return Inspection.objects.filter(inspector=user, day=day or adapter.today()).first()


def start_inspection(
    *, inspector, day: date | None = None, estate: Estate | None = None, at: datetime | None = None
) -> Inspection:
    """``inspector``'s 《楼层巡检表》 of ``day`` (default today), with its floors chosen;
    ``at``: when the round started (default now).

    Idempotent: the round already started that day is returned as it is (IN-1: at most
    one record per assistant per day, which the database also refuses).
    """
    if not may_record(inspector):
        raise PermissionDenied(f"{inspector} may not record inspections")
    day = day or adapter.today()
    existing = Inspection.objects.filter(inspector=inspector, day=day).first()
    if existing is not None:
        return existing
    estate = estate or default_estate()
    floors = choose_floors(estate, inspector, day)
    try:
        with transaction.atomic():
            inspection = Inspection.objects.create(
                estate=estate, inspector=inspector, day=day, started_at=at or timezone.now()
            )
            InspectionFloor.objects.bulk_create(
                InspectionFloor(inspection=inspection, building=building, floor=floor) for building, floor in floors
            )
            record(inspection, "started", actor=inspector, data={
                "day": day.isoformat(),
                "floors": [f"{building.name} {floor}" for building, floor in floors],
            })
    except IntegrityError:
        # Started at the same moment in another tab: that record is the day's.
        return Inspection.objects.get(inspector=inspector, day=day)
    return inspection


def record_checklist(
    inspection: Inspection, *, by, areas=(), checks=(), floors_walked=(), occupancy_note: str = "", note: str = ""
) -> Inspection:
    """Record the areas covered, the IN-2 items checked and the floors walked (by
    :class:`InspectionFloor` id); what is not listed is recorded as not done."""
    _require(by, inspection)
    areas, checks = set(areas), set(checks)
    unknown = (areas - set(Area.values)) | (checks - set(CheckItem.values))
    if unknown:
        raise InspectionError(_("Unknown checklist entries: %(codes)s") % {"codes": ", ".join(sorted(unknown))})
    with transaction.atomic():
        locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if locked.is_completed:
            raise InspectionError(_("This inspection is completed; its checklist can no longer change."))
        for area, field in AREA_FIELDS.items():
            setattr(locked, field, area in areas)
        for item, field in CHECK_FIELDS.items():
            setattr(locked, field, item in checks)
        locked.occupancy_note = occupancy_note.strip()
        locked.note = note.strip()
        locked.save()
        walked = {int(pk) for pk in floors_walked}
        locked.floors.update(checked=False)
        locked.floors.filter(pk__in=walked).update(checked=True)
        record(locked, "checklist_recorded", actor=by, data={
            "areas": sorted(areas), "checks": sorted(checks),
            "floors_walked": sorted(str(floor) for floor in locked.floors.filter(checked=True)),
        })
    inspection.refresh_from_db()
    return inspection


def missing_for_completion(inspection: Inspection) -> list[str]:
    """What IN-1 still needs before the round is complete, in words."""
    missing = [str(area.label) for area, field in AREA_FIELDS.items() if not getattr(inspection, field)]
    missing += [str(floor) for floor in inspection.floors.select_related("building").filter(checked=False)]
    return missing


def complete(inspection: Inspection, *, by, at: datetime | None = None) -> Inspection:
    """Close the round (IN-4); refused while an area or a chosen floor is not covered (IN-1)."""
    _require(by, inspection)
    with transaction.atomic():
        locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if locked.is_completed:
            raise InspectionError(_("This inspection is already completed."))
        missing = missing_for_completion(locked)
        if missing:
            raise InspectionError(
                _("IN-1: the round is not complete; still to cover: %(missing)s") % {"missing": "、".join(missing)}
            )
        locked.completed_at = at or timezone.now()
        locked.save(update_fields=["completed_at"])
        record(locked, "completed", actor=by, data={"completed_at": locked.completed_at.isoformat()})
    inspection.refresh_from_db()
    return inspection


# --- Findings (IN-3) ------------------------------------------------------------------------


def end_of_day(day: date) -> datetime:
    """The instant ``day`` ends in Asia/Shanghai (the next midnight)."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=adapter.SHANGHAI)


def issue_deadlines(found_at: datetime) -> tuple[datetime, datetime]:
    """``(forward_by, verify_by)`` for a problem found at ``found_at`` (IN-3), from the policy
    library; ``verify_by`` is the end of the day the check is due."""
    decision = adapter.decide(POLICY, {"found_at": found_at}, on_date=timezone.localdate(found_at, adapter.SHANGHAI))
    return decision.values["forward_by"], end_of_day(decision.values["verify_by"])


def record_finding(
    inspection: Inspection,
    *,
    by,
    location: str,
    item: str,
    description: str,
    photos=(),
    found_at: datetime | None = None,
    fixed_on_spot: bool = False,
    fix_note: str = "",
) -> Finding:
    """Record a problem seen on the round, with its photos (IN-2, IN-3).

    Fixed on the spot: done at once. Otherwise the IN-3 clocks start: forward it by
    ``forward_by`` (30 minutes), check it on site by ``verify_by`` (the next day).
    """
    _require(by, inspection)
    if item not in CheckItem.values:
        raise InspectionError(_("Choose the checklist item the problem belongs to."))
    if not location.strip() or not description.strip():
        raise InspectionError(_("Say where the problem is and what it is."))
    now = timezone.now()
    found_at = found_at or now
    if found_at > now + timedelta(minutes=5):
        raise InspectionError(_("A problem cannot have been found in the future."))
    if timezone.localdate(found_at, adapter.SHANGHAI) != inspection.day:
        raise InspectionError(_("A finding belongs to the day of its inspection."))
    with transaction.atomic():
        finding = Finding(
            inspection=inspection, found_at=found_at, location=location.strip(), item=item,
            description=description.strip(),
        )
        if fixed_on_spot:
            finding.state = FindingState.FIXED
            finding.fixed_at = found_at
            finding.fix_note = fix_note.strip()
        else:
            finding.forward_by, finding.verify_by = issue_deadlines(found_at)
        finding.save()
        _store_photos(finding, photos, by=by)
        record(finding, "recorded", actor=by, to_state=finding.state, note=finding.description, data={
            "inspection": inspection.pk,
            "forward_by": finding.forward_by.isoformat() if finding.forward_by else None,
            "verify_by": finding.verify_by.isoformat() if finding.verify_by else None,
            "photos": len(photos),
        })
    return finding


def add_photos(finding: Finding, photos, *, by) -> list[FindingPhoto]:
    """Add photos to a finding (each checked as an image by content, within the size limit)."""
    _require(by, finding.inspection)
    with transaction.atomic():
        stored = _store_photos(finding, photos, by=by)
        record(finding, "photos_added", actor=by, data={"photos": len(stored)})
    return stored


def _store_photo(finding: Finding, upload, *, by) -> FindingPhoto:
    from forms.uploads import PHOTO_TYPES, check_upload  # the portal's one set of upload checks

    content_type = check_upload(upload, PHOTO_TYPES)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(64 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    photo = FindingPhoto(
        finding=finding,
        original_name=(getattr(upload, "name", "") or "photo")[-200:],
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    photo.file.save(photo.original_name, upload, save=False)
    try:
        photo.save()
    except Exception:
        photo.file.storage.delete(photo.file.name)
        raise
    return photo


def _store_photos(finding: Finding, photos, *, by) -> list[FindingPhoto]:
    """Store every photo or none: on a refusal the files already written are removed."""
    stored = []
    try:
        for upload in photos:
            stored.append(_store_photo(finding, upload, by=by))
    except Exception:
        for photo in stored:
            photo.file.storage.delete(photo.file.name)
        raise
    return stored


def _step(finding: Finding, *, by, allowed_from, action: str, apply, note: str = "", data=None) -> Finding:
    _require(by, finding.inspection)
    with transaction.atomic():
        locked = Finding.objects.select_for_update().get(pk=finding.pk)
        from_state = locked.state
        if from_state not in allowed_from:
            raise InspectionError(
                _("This cannot be done to a finding that is “%(state)s”.") % {"state": locked.get_state_display()}
            )
        apply(locked)
        locked.save()
        record(locked, action, actor=by, from_state=from_state, to_state=locked.state, note=note, data=data)
    finding.refresh_from_db()
    return finding


def mark_fixed(finding: Finding, *, by, note: str = "", at: datetime | None = None) -> Finding:
    """The assistant fixed it after all (IN-3 "当场处理"): done, the clocks stop."""
    at = at or timezone.now()

    def apply(locked):
        locked.state = FindingState.FIXED
        locked.fixed_at = at
        locked.fix_note = note.strip()

    return _step(finding, by=by, allowed_from=(FindingState.OPEN,), action="fixed", apply=apply, note=note.strip())


def forward(finding: Finding, *, by, to: str, at: datetime | None = None) -> Finding:
    """Forwarded to the person or department responsible (IN-3: within ``forward_by``)."""
    to = to.strip()
    if not to:
        raise InspectionError(_("Say whom the problem was forwarded to."))
    at = at or timezone.now()

    def apply(locked):
        locked.state = FindingState.FORWARDED
        locked.forwarded_at = at
        locked.forwarded_to = to

    return _step(finding, by=by, allowed_from=(FindingState.OPEN,), action="forwarded", apply=apply, data={
        "to": to, "at": at.isoformat(), "on_time": bool(finding.forward_by and at <= finding.forward_by),
    })


def verify(finding: Finding, *, by, resolved: bool, note: str = "", at: datetime | None = None) -> Finding:
    """The check on site (IN-3). Resolved: done. Not resolved: the finding stays forwarded
    and must be checked again by the end of the next day (a new deadline)."""
    note = note.strip()
    if not resolved and not note:
        raise InspectionError(_("Say what is still wrong, for the next check."))
    at = at or timezone.now()

    def apply(locked):
        locked.verification_note = note
        if resolved:
            locked.state = FindingState.VERIFIED
            locked.verified_at = at
            locked.verified_by = by
        else:
            locked.verify_by = issue_deadlines(at)[1]

    return _step(
        finding, by=by, allowed_from=(FindingState.FORWARDED,), action="verified" if resolved else "recheck_needed",
        apply=apply, note=note, data={"resolved": bool(resolved), "at": at.isoformat()},
    )
