"""The review queue (案件审核) in the Wagtail admin: who sees which cases, how staff find
them, what a case's page shows, the review actions with their permissions, audit events
and emails, and a listing that costs the same with ten cases or a thousand."""

import csv
import io
import json
from datetime import timedelta

import factory
import openpyxl
import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from factory.django import DjangoModelFactory

from portal.audit.models import AuditEvent
from portal.casework import review
from portal.casework.models import Submission, SubmissionFile, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.casework.viewsets import answers as answer_display
from portal.casework.viewsets.queue import SubmissionViewSet
from portal.organisation.groups import (
    ARCHIVIST,
    ASSISTANT,
    CONTENT_EDITOR,
    ENGINEERING,
    PROJECT_MANAGER,
    SECURITY,
    SUPERVISOR,
)
from tests.factories import BuildingFactory, PersonFactory, StaffUserFactory, UnitFactory

pytestmark = pytest.mark.django_db

DESK_GROUPS = (ASSISTANT, SUPERVISOR, PROJECT_MANAGER, ENGINEERING, SECURITY, ARCHIVIST)


class SubmissionFactory(DjangoModelFactory):
    """A repair reported online a day ago, due tomorrow, with its answers and decision."""

    class Meta:
        model = Submission

    reference = factory.Sequence(lambda n: f"ZX-2026-{n + 1:06d}")
    procedure = Procedure.REPAIR
    status = SubmissionStatus.SUBMITTED
    applicant = factory.SubFactory(PersonFactory, email=factory.Sequence(lambda n: f"owner{n}@example.cn"))
    unit = factory.SubFactory(UnitFactory)
    submitted_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    answers = factory.LazyFunction(
        lambda: {
            "category": "burst_pipe",
            "description": "厨房水管爆裂，水流不止",
            "urgent": True,
            "unit": {"id": 1, "text": "1栋 1201"},
            "appointment_at": "2026-03-02T01:30:00+00:00",
        }
    )
    decision = factory.LazyFunction(
        lambda: {
            "procedure": "repair.classify",
            "outcome": "info",
            "values": {"priority": "emergency"},
            "reasons": [{"policy_id": "RP-3", "message": "爆管属紧急报修，立即通知工程部。"}],
            "params_version": "defaults",
        }
    )

    class Params:
        overdue = factory.Trait(due_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2)))
        renovation = factory.Trait(procedure=Procedure.RENOVATION, answers={}, decision={})


# --- Helpers ------------------------------------------------------------------------


def url(view="index", *args):
    return reverse(f"casework_submission:{view}", args=args)


def in_admin_language(message) -> str:
    """``message`` (a msgid or a lazy translation) as the admin prints it: in the site's
    default language, HTML-escaped."""
    with translation.override(settings.LANGUAGE_CODE):
        return escape(translation.gettext(message) if isinstance(message, str) else str(message))


def login(client, group_name, **fields):
    user = StaffUserFactory(groups=[group_name], **fields)
    client.force_login(user)
    client.user = user
    return client


def listed(response) -> list[str]:
    return [submission.reference for submission in response.context["object_list"]]


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture(autouse=True)
def private_media(tmp_path, settings, monkeypatch):
    """Case files in a private folder of the test's own, apart from MEDIA_ROOT."""
    root = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(SubmissionFile._meta.get_field("file"), "storage", FileSystemStorage(location=root))
    return root


@pytest.fixture
def repair_fields():
    """The repair form's answers, as its steps register them."""
    saved = {procedure: dict(fields) for procedure, fields in answer_display._FIELDS.items()}
    answer_display.register_answer_fields(
        Procedure.REPAIR,
        {
            "unit": forms.ModelChoiceField(label="房号", queryset=Submission.objects.none()),
            "category": forms.ChoiceField(
                label="故障类别", choices=[("burst_pipe", "水管爆裂"), ("other", "其他")]
            ),
            "description": forms.CharField(label="故障描述"),
            "urgent": forms.BooleanField(label="特别紧急"),
            "appointment_at": forms.DateTimeField(label="预约上门时间"),
        },
    )
    yield
    answer_display._FIELDS.clear()
    answer_display._FIELDS.update(saved)


@pytest.fixture
def manager(client):
    return login(client, PROJECT_MANAGER, username="wangjingli", last_name="王", first_name="经理")


@pytest.fixture
def supervisor(client):
    return login(client, SUPERVISOR, username="zhaozhuguan", last_name="赵", first_name="主管")


@pytest.fixture
def assistant(client):
    return login(client, ASSISTANT, username="lizhuli", last_name="李", first_name="助理")


@pytest.fixture
def editor(client):
    return login(client, CONTENT_EDITOR, username="libianji")


@pytest.fixture
def repair():
    return SubmissionFactory()


@pytest.fixture
def renovation():
    return SubmissionFactory(renovation=True)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): ...`` runs, when the block ends, what waits for the commit
    (the emails), as it happens after a real request."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- Who sees the queue ---------------------------------------------------------------


@pytest.mark.parametrize("group_name", DESK_GROUPS)
def test_every_desk_group_opens_the_queue_from_the_menu(client, group_name, renovation):
    login(client, group_name)

    home = client.get(reverse("wagtailadmin_home"))
    response = client.get(url())

    assert url() in home.content.decode()
    assert response.status_code == 200
    assert listed(response) == [renovation.reference]


def test_the_menu_item_is_called_review_queue(manager):
    home = manager.get(reverse("wagtailadmin_home")).content.decode()

    # The sidebar menu is rendered from JSON, where non-ASCII text is \u-escaped.
    label = in_admin_language(SubmissionViewSet.menu_label)
    assert json.dumps(label)[1:-1] in home


def test_the_content_editor_neither_sees_nor_reaches_the_queue(editor, repair):
    stored = SubmissionFile.objects.create(
        submission=repair, code="photo_1", original_name="leak.jpg", content_type="image/jpeg", size=3, sha256="x"
    )

    home = editor.get(reverse("wagtailadmin_home"))

    assert home.status_code == 200
    assert url() not in home.content.decode()
    assert editor.get(url()).status_code == 403
    assert editor.get(url("inspect", repair.pk)).status_code == 403
    assert editor.get(url("file", repair.pk, stored.pk)).status_code == 403
    assert editor.post(url("approve", repair.pk)).status_code == 403
    assert not editor.user.has_perm(review.VIEW_PERMISSION)


def test_security_sees_the_gate_and_car_park_cases_but_not_repairs(client, repair):
    pass_case = SubmissionFactory(procedure=Procedure.RELEASE_PASS)
    login(client, SECURITY)

    response = client.get(url())

    assert listed(response) == [pass_case.reference]
    assert client.get(url("inspect", repair.pk)).status_code == 404
    assert client.get(url("inspect", pass_case.pk)).status_code == 200


def test_engineering_sees_repairs_but_not_release_passes(client, repair):
    SubmissionFactory(procedure=Procedure.RELEASE_PASS)
    login(client, ENGINEERING)

    assert listed(client.get(url())) == [repair.reference]


def test_anonymous_visitors_are_sent_to_log_in(client, repair):
    stored = SubmissionFile.objects.create(
        submission=repair, code="photo_1", original_name="leak.jpg", content_type="image/jpeg", size=3, sha256="x"
    )

    for address in (url(), url("inspect", repair.pk), url("file", repair.pk, stored.pk)):
        response = client.get(address)
        assert response.status_code == 302
        assert reverse("wagtailadmin_login") in response["Location"]


# --- Finding cases --------------------------------------------------------------------------


@pytest.fixture
def queue(manager):
    """Four cases in two buildings: overdue and assigned to the manager, assigned to
    someone else, unassigned, and rejected after its due time (not overdue: closed)."""
    first, second = BuildingFactory(name="1栋"), BuildingFactory(name="2栋")
    colleague = StaffUserFactory(groups=[SUPERVISOR], username="colleague")
    mine = SubmissionFactory(
        overdue=True, unit=UnitFactory(building=first, number="1201"), assigned_to=manager.user,
        applicant=PersonFactory(name="王建国"),
    )
    theirs = SubmissionFactory(
        procedure=Procedure.COMPLAINT, unit=UnitFactory(building=second, number="2202"), assigned_to=colleague,
        applicant=PersonFactory(name="李秀英"),
    )
    nobodys = SubmissionFactory(
        procedure=Procedure.REQUEST, unit=UnitFactory(building=second, number="1503"),
        applicant=PersonFactory(name="张伟"),
    )
    closed = SubmissionFactory(
        overdue=True, status=SubmissionStatus.REJECTED, unit=UnitFactory(building=first, number="1504"),
        applicant=PersonFactory(name="陈静"),
    )
    return {"mine": mine, "theirs": theirs, "nobodys": nobodys, "closed": closed, "first": first,
            "second": second, "colleague": colleague}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"procedure": "complaint"}, ["theirs"]),
        ({"status": "rejected"}, ["closed"]),
        ({"building": lambda queue: queue["first"].pk}, ["mine", "closed"]),
        ({"unit": "2202"}, ["theirs"]),
        ({"overdue": "true"}, ["mine"]),
        ({"overdue": "false"}, ["theirs", "nobodys", "closed"]),
        ({"assigned_to": "me"}, ["mine"]),
        ({"assigned_to": "nobody"}, ["nobodys", "closed"]),
        ({"assigned_to": lambda queue: queue["colleague"].pk}, ["theirs"]),
        ({"q": "王建国"}, ["mine"]),
        ({"q": "1503"}, ["nobodys"]),
        ({"q": lambda queue: queue["theirs"].reference}, ["theirs"]),
    ],
)
def test_filters_and_search_find_the_cases(manager, queue, params, expected):
    values = {name: value(queue) if callable(value) else value for name, value in params.items()}

    response = manager.get(url(), values)

    assert response.status_code == 200
    assert sorted(listed(response)) == sorted(queue[name].reference for name in expected)


def test_the_newest_case_comes_first(manager, queue):
    newest = SubmissionFactory(submitted_at=timezone.now())
    oldest = SubmissionFactory(submitted_at=timezone.now() - timedelta(days=30))

    references = listed(manager.get(url()))

    assert references[0] == newest.reference
    assert references[-1] == oldest.reference


def test_an_overdue_case_is_marked_in_the_listing(manager, queue):
    html = manager.get(url()).content.decode()

    assert html.count("data-overdue") == 1
    assert in_admin_language("Overdue") in html


def test_the_queue_exports_as_csv(manager, queue):
    response = manager.get(url(), {"export": "csv"})

    content = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert content.startswith("\ufeff")
    assert len(rows) == 1 + 4
    row = next(row for row in rows if row[0] == queue["mine"].reference)
    assert row[2:5] == ["王建国", "1栋", "1201"]
    assert row[8] == in_admin_language("Yes")


def test_the_queue_exports_as_xlsx(manager, queue):
    response = manager.get(url(), {"export": "xlsx", "overdue": "true"})

    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert response.status_code == 200
    assert len(rows) == 2
    assert rows[1][0] == queue["mine"].reference
    assert rows[1][2] == "王建国"


# --- A case's page ----------------------------------------------------------------------


def test_the_case_page_shows_answers_readably(manager, repair, repair_fields):
    html = manager.get(url("inspect", repair.pk)).content.decode()

    assert "故障类别" in html and "水管爆裂" in html
    assert "特别紧急" in html and in_admin_language("Yes") in html
    assert "1栋 1201" in html
    # 01:30 UTC is 09:30 in Shanghai.
    assert "2026-03-02 09:30" in html
    assert "burst_pipe" not in html


def test_answers_nobody_registered_still_read_as_words():
    rows = answer_display.readable_answers("move-out", {"meters_read": False, "move_out_on": "2026-04-01"})

    assert rows == [("Meters read", answer_display.format_answer(False)), ("Move out on", "2026-04-01")]


def test_the_case_page_shows_the_decision_with_policy_ids(manager, repair):
    html = manager.get(url("inspect", repair.pk)).content.decode()

    assert 'data-decision-outcome="info"' in html
    assert "RP-3" in html
    assert "爆管属紧急报修" in html
    assert in_admin_language(answer_display.VALUE_CODES["priority"]["emergency"]) in html


def test_the_case_page_shows_the_full_history(manager, repair):
    colleague = StaffUserFactory(groups=[SUPERVISOR], last_name="赵", first_name="敏")
    manager.post(url("assign", repair.pk), {"assignee": colleague.pk})
    manager.post(url("reject", repair.pk), {"reason": "该故障属业主自用设备，不在报修范围内"})

    html = manager.get(url("inspect", repair.pk)).content.decode()

    history = html[html.index("data-history"):]
    assert in_admin_language("Assigned") in history
    assert review.staff_name(colleague) in history
    assert review.staff_name(manager.user) in history
    assert in_admin_language(SubmissionStatus.IN_PROGRESS.label) in history
    assert in_admin_language(SubmissionStatus.REJECTED.label) in history
    assert "该故障属业主自用设备" in history


# --- Files ----------------------------------------------------------------------------------


@pytest.fixture
def photo(repair, private_media):
    stored = SubmissionFile(
        submission=repair, code="photo_1", original_name="厨房漏水.jpg", content_type="image/jpeg", size=9,
        sha256="0" * 64,
    )
    stored.file.save("ignored.jpg", ContentFile(b"\xff\xd8\xffJPEG!"), save=True)
    return stored


def test_staff_download_a_case_file_as_an_attachment(assistant, repair, photo, private_media):
    page = assistant.get(url("inspect", repair.pk)).content.decode()
    response = assistant.get(url("file", repair.pk, photo.pk))

    assert url("file", repair.pk, photo.pk) in page
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E5%8E%A8" in response["Content-Disposition"]
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == b"\xff\xd8\xffJPEG!"
    assert (private_media / photo.file.name).exists()
    assert not str(private_media / photo.file.name).startswith(str(settings.MEDIA_ROOT))


def test_a_file_is_only_found_under_its_own_case(assistant, photo):
    other = SubmissionFactory()

    assert assistant.get(url("file", other.pk, photo.pk)).status_code == 404


def test_security_cannot_download_the_files_of_a_repair(client, repair, photo):
    login(client, SECURITY)

    assert client.get(url("file", repair.pk, photo.pk)).status_code == 403


def test_the_applicant_and_their_household_may_download_and_nobody_else(repair, django_user_model):
    applicant = repair.applicant
    applicant.user = django_user_model.objects.create_user("applicant")
    applicant.save()
    stranger = PersonFactory(user=django_user_model.objects.create_user("stranger"))

    assert review.may_download(applicant.user, repair)
    assert not review.may_download(stranger.user, repair)


# --- Review actions -----------------------------------------------------------------------


def test_the_project_manager_approves_a_renovation(manager, renovation, committed, mailoutbox):
    with committed():
        response = manager.post(
            url("approve", renovation.pk), {"note": "请于明日到客服中心领取施工许可证"}, follow=True
        )

    renovation.refresh_from_db()
    assert renovation.status == SubmissionStatus.APPROVED
    assert renovation.status_note == "请于明日到客服中心领取施工许可证"
    assert messages_of(response)
    event = AuditEvent.objects.for_object(renovation).get()
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        "approved", manager.user, SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED
    )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [renovation.applicant.email]
    assert renovation.reference in mailoutbox[0].subject
    assert "请于明日到客服中心领取施工许可证" in mailoutbox[0].body


@pytest.mark.parametrize("group_name", [ASSISTANT, SUPERVISOR])
def test_only_the_project_manager_approves_a_renovation(client, group_name, renovation, committed, mailoutbox):
    login(client, group_name)

    page = client.get(url("inspect", renovation.pk)).content.decode()
    with committed():
        response = client.post(url("approve", renovation.pk))

    assert 'data-review-action="approve"' not in page
    assert response.status_code == 403
    renovation.refresh_from_db()
    assert renovation.status == SubmissionStatus.SUBMITTED
    assert not AuditEvent.objects.for_object(renovation).exists()
    assert not mailoutbox


def test_the_supervisor_approves_a_repair(supervisor, repair, committed, mailoutbox):
    page = supervisor.get(url("inspect", repair.pk)).content.decode()
    with committed():
        supervisor.post(url("approve", repair.pk))

    repair.refresh_from_db()
    assert 'data-review-action="approve"' in page
    assert repair.status == SubmissionStatus.APPROVED
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("action", ["approve", "reject", "request_information", "assign"])
def test_an_assistant_may_not_take_review_actions(assistant, repair, action):
    page = assistant.get(url("inspect", repair.pk)).content.decode()

    assert "data-review-action" not in page
    assert assistant.post(url(action, repair.pk), {"reason": "x", "message": "x"}).status_code == 403


def test_a_rejection_needs_a_reason(manager, repair, committed, mailoutbox):
    with committed():
        response = manager.post(url("reject", repair.pk), {"reason": "  "}, follow=True)

    repair.refresh_from_db()
    assert response.status_code == 200
    assert repair.status == SubmissionStatus.SUBMITTED
    assert messages_of(response)
    assert not AuditEvent.objects.for_object(repair).exists()
    assert not mailoutbox


def test_a_rejection_tells_the_owner_why(manager, repair, committed, mailoutbox):
    with committed():
        manager.post(url("reject", repair.pk), {"reason": "该故障属业主自用设备，不在报修范围内"})

    repair.refresh_from_db()
    assert repair.status == SubmissionStatus.REJECTED
    assert repair.status_note == "该故障属业主自用设备，不在报修范围内"
    event = AuditEvent.objects.for_object(repair).get()
    assert (event.action, event.note) == ("rejected", repair.status_note)
    assert len(mailoutbox) == 1
    assert repair.status_note in mailoutbox[0].body


def test_requesting_more_information_asks_the_owner(manager, repair, committed, mailoutbox):
    with committed():
        manager.post(url("request_information", repair.pk), {"message": "请补充漏水位置的照片"})

    repair.refresh_from_db()
    assert repair.status == SubmissionStatus.INFO_REQUESTED
    assert repair.status_note == "请补充漏水位置的照片"
    assert AuditEvent.objects.for_object(repair).get().to_state == SubmissionStatus.INFO_REQUESTED
    assert len(mailoutbox) == 1
    assert "请补充漏水位置的照片" in mailoutbox[0].body


def test_requesting_information_needs_a_message(manager, repair):
    response = manager.post(url("request_information", repair.pk), {"message": ""}, follow=True)

    repair.refresh_from_db()
    assert repair.status == SubmissionStatus.SUBMITTED
    assert messages_of(response)


def test_assigning_a_case_puts_it_in_progress_and_tells_both(manager, repair, committed, mailoutbox):
    engineer = StaffUserFactory(groups=[ENGINEERING], email="engineer@example.com")

    with committed():
        manager.post(url("assign", repair.pk), {"assignee": engineer.pk, "note": "请今天上门"})

    repair.refresh_from_db()
    assert repair.assigned_to == engineer
    assert repair.status == SubmissionStatus.IN_PROGRESS
    event = AuditEvent.objects.for_object(repair).get()
    assert (event.action, event.data["assigned_to"], event.note) == ("assigned", engineer.pk, "请今天上门")
    assert sorted(message.to[0] for message in mailoutbox) == sorted([engineer.email, repair.applicant.email])


def test_a_case_cannot_be_assigned_to_someone_who_cannot_see_it(manager, committed, mailoutbox):
    pass_case = SubmissionFactory(procedure=Procedure.RELEASE_PASS)
    engineer = StaffUserFactory(groups=[ENGINEERING])

    with committed():
        response = manager.post(url("assign", pass_case.pk), {"assignee": engineer.pk}, follow=True)

    pass_case.refresh_from_db()
    assert pass_case.assigned_to is None
    assert messages_of(response)
    assert not mailoutbox


def test_an_illegal_transition_is_refused_with_a_message(manager, committed, mailoutbox):
    rejected = SubmissionFactory(status=SubmissionStatus.REJECTED)

    with committed():
        response = manager.post(url("approve", rejected.pk), follow=True)

    rejected.refresh_from_db()
    assert response.status_code == 200
    assert rejected.status == SubmissionStatus.REJECTED
    refusal = in_admin_language(SubmissionStatus.REJECTED.label)
    assert any(refusal in escape(message) for message in messages_of(response))
    assert not AuditEvent.objects.for_object(rejected).exists()
    assert not mailoutbox


def test_a_closed_case_offers_no_actions(manager):
    rejected = SubmissionFactory(status=SubmissionStatus.REJECTED)

    assert "data-review-action" not in manager.get(url("inspect", rejected.pk)).content.decode()


def test_actions_are_posted_forms_with_a_csrf_token(manager, repair):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(manager.user)

    page = manager.get(url("inspect", repair.pk)).content.decode()

    assert page.count("csrfmiddlewaretoken") >= 4
    assert manager.get(url("approve", repair.pk)).status_code == 405
    assert strict.post(url("approve", repair.pk)).status_code == 403
    repair.refresh_from_db()
    assert repair.status == SubmissionStatus.SUBMITTED


@pytest.mark.parametrize(
    "action, status",
    [
        (action, status)
        for action in review.Action
        for status in SubmissionStatus
        if not review.is_allowed(action, status)
    ],
)
def test_the_services_refuse_every_transition_the_table_does_not_allow(action, status, django_user_model):
    boss = django_user_model.objects.create_superuser("boss")
    case = SubmissionFactory(status=status)
    calls = {
        review.Action.APPROVE: lambda: review.approve(case, by=boss),
        review.Action.REJECT: lambda: review.reject(case, by=boss, reason="原因"),
        review.Action.REQUEST_INFORMATION: lambda: review.request_more_information(case, by=boss, message="请补充"),
        review.Action.ASSIGN: lambda: review.assign(case, by=boss, to=boss),
    }

    with pytest.raises(review.IllegalTransition):
        calls[action]()

    case.refresh_from_db()
    assert case.status == status


def test_the_services_check_the_permission(renovation):
    assistant = StaffUserFactory(groups=[ASSISTANT])

    with pytest.raises(PermissionDenied):
        review.approve(renovation, by=assistant)


def test_a_superuser_sees_no_edit_or_delete_pages(client, repair, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss"))

    listing = client.get(url())
    page = client.get(url("inspect", repair.pk))

    assert listing.status_code == page.status_code == 200
    assert "/edit/" not in page.content.decode()
    assert f"/admin/casework/submission/delete/{repair.pk}/" not in listing.content.decode()


# --- Dashboard ----------------------------------------------------------------------------


def test_my_open_cases_come_overdue_first_on_the_dashboard(manager):
    later = SubmissionFactory(assigned_to=manager.user, status=SubmissionStatus.IN_PROGRESS)
    late = SubmissionFactory(overdue=True, assigned_to=manager.user, status=SubmissionStatus.IN_PROGRESS)
    SubmissionFactory(status=SubmissionStatus.COMPLETED, assigned_to=manager.user)

    html = manager.get(reverse("wagtailadmin_home")).content.decode()

    panel = html[html.index('id="casework-my-cases-section"'):]
    panel = panel[: panel.index("</table>")]
    assert panel.index(late.reference) < panel.index(later.reference)
    assert panel.count("ZX-2026-") == 2


def test_supervisors_see_overdue_cases_on_the_dashboard_and_assistants_do_not(client):
    late = SubmissionFactory(overdue=True)

    login(client, SUPERVISOR)
    supervisor_home = client.get(reverse("wagtailadmin_home")).content.decode()
    login(client, ASSISTANT)
    assistant_home = client.get(reverse("wagtailadmin_home")).content.decode()

    assert 'id="casework-overdue-cases-section"' in supervisor_home
    assert late.reference in supervisor_home
    assert 'id="casework-overdue-cases-section"' not in assistant_home
    assert 'id="casework-my-cases-section"' in assistant_home


def test_the_content_editor_has_no_casework_panels(editor):
    SubmissionFactory(overdue=True)

    html = editor.get(reverse("wagtailadmin_home")).content.decode()

    assert "casework-" not in html


# --- Cost ------------------------------------------------------------------------------------


def _bulk_cases(count, manager_user):
    unit = UnitFactory()
    person = PersonFactory()
    now = timezone.now()
    Submission.objects.bulk_create(
        Submission(
            reference=f"ZX-2025-{n:06d}",
            procedure=Procedure.REPAIR,
            applicant=person,
            unit=unit,
            assigned_to=manager_user if n % 2 else None,
            submitted_at=now - timedelta(minutes=n),
            due_at=now + timedelta(hours=n - count // 2),
        )
        for n in range(count)
    )


# The listings staff open most: newest first, by procedure, a reference looked up, overdue.
LISTINGS = (
    {"ordering": "-submitted_at"},
    {"procedure": "repair"},
    {"q": "ZX-2025-000005"},
    {"overdue": "true"},
)


@pytest.mark.slow
def test_the_listing_costs_the_same_queries_for_10_and_1000_cases(manager):
    def queries_for_listings():
        counts = []
        for params in LISTINGS:
            with CaptureQueriesContext(connection) as captured:
                response = manager.get(url(), params)
            assert response.status_code == 200
            assert response.context["object_list"]
            counts.append(len(captured))
        return counts

    _bulk_cases(10, manager.user)
    with_ten = queries_for_listings()
    Submission.objects.all().delete()
    _bulk_cases(1000, manager.user)
    with_a_thousand = queries_for_listings()

    assert with_ten == with_a_thousand


# --- Applications worked as cases of their own --------------------------------------------


def test_an_application_with_a_case_is_decided_on_the_cases_page(supervisor, committed, mailoutbox):
    from portal.releases.models import ReleaseCase

    application = SubmissionFactory(procedure=Procedure.RELEASE_PASS)
    case, _ = ReleaseCase.objects.get_or_create(submission=application)
    supervisor.cookies["django_language"] = "en"

    page = supervisor.get(url("inspect", application.pk)).content.decode()
    with committed():
        response = supervisor.post(url("approve", application.pk), follow=True)

    assert "data-case-link" in page
    assert reverse("releases_case:inspect", args=(case.pk,)) in page
    assert 'data-review-action="approve"' not in page
    assert 'data-review-action="reject"' not in page
    assert 'data-review-action="request_information"' in page
    assert any("decided on the case's own page" in message for message in messages_of(response))
    application.refresh_from_db()
    assert application.status == SubmissionStatus.SUBMITTED
    assert not mailoutbox


def test_an_application_without_a_case_is_decided_in_the_queue(supervisor, repair):
    page = supervisor.get(url("inspect", repair.pk)).content.decode()

    assert "data-case-link" not in page
    assert 'data-review-action="approve"' in page


@pytest.mark.parametrize(
    ("fields", "name"),
    [
        ({"last_name": "陈", "first_name": "晓琳"}, "陈晓琳"),
        ({"last_name": "Smith", "first_name": "Anna"}, "Anna Smith"),
        ({"last_name": "", "first_name": ""}, "chenxl"),
    ],
)
def test_staff_are_named_as_their_names_are_written(fields, name):
    assert review.staff_name(StaffUserFactory(username="chenxl", **fields)) == name
