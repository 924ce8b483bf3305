"""Content editors write and submit; customer-service supervisors approve (内容审核)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.models import GuidePage
from portal.organisation.groups import CONTENT_EDITOR, SUPERVISOR

pytestmark = pytest.mark.django_db


def staff(username, group_name):
    user = get_user_model().objects.create_user(username, password="pw-for-tests-only")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor():
    return staff("editor", CONTENT_EDITOR)


@pytest.fixture
def supervisor():
    return staff("supervisor", SUPERVISOR)


def new_guide_form(action):
    return nested_form_data({
        "title": "物品放行须知",
        "slug": "release-pass",
        "summary": "大件物品出门须凭《物品放行条》",
        "body": streamfield([("heading", "谁需要办理放行条")]),
        "comments": inline_formset([]),
    }) | {action: "1"}


def add_guide(client, guide_index, action):
    url = reverse("wagtailadmin_pages:add", args=["cms", "guidepage", guide_index.pk])
    return client.post(url, new_guide_form(action))


def test_editor_writes_a_guide_and_submits_it_for_review(client, editor, guide_index):
    client.force_login(editor)

    response = add_guide(client, guide_index, "action-submit")

    assert response.status_code == 302
    guide = GuidePage.objects.get(slug="release-pass")
    assert not guide.live
    assert guide.workflow_in_progress
    assert guide.current_workflow_task.name == "客服主管审核"
    assert guide.revisions.count() == 1


def test_editor_cannot_publish(client, editor, guide_index):
    client.force_login(editor)

    add_guide(client, guide_index, "action-publish")

    guide = GuidePage.objects.get(slug="release-pass")
    assert not guide.live
    assert not guide.permissions_for_user(editor).can_publish()
    assert client.get("/guides/release-pass/").status_code == 404


def test_supervisor_approves_and_the_guide_is_published(client, editor, supervisor, guide_index):
    client.force_login(editor)
    add_guide(client, guide_index, "action-submit")
    guide = GuidePage.objects.get(slug="release-pass")
    task_state = guide.current_workflow_task_state

    client.force_login(supervisor)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[guide.pk, "approve", task_state.pk]), {"comment": ""}
    )

    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.live
    assert WorkflowState.objects.get(object_id=str(guide.pk)).status == WorkflowState.STATUS_APPROVED
    assert "谁需要办理放行条" in client.get("/guides/release-pass/").content.decode()


def test_editor_cannot_approve_their_own_guide(client, editor, guide_index):
    client.force_login(editor)
    add_guide(client, guide_index, "action-submit")
    guide = GuidePage.objects.get(slug="release-pass")

    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[guide.pk, "approve", guide.current_workflow_task_state.pk]),
        {"comment": ""},
    )

    guide.refresh_from_db()
    assert not guide.live
    assert guide.workflow_in_progress


def test_editor_is_granted_pages_images_and_documents_only(editor):
    group = Group.objects.get(name=CONTENT_EDITOR)
    granted_apps = set(group.permissions.values_list("content_type__app_label", flat=True))
    collection_apps = set(group.collection_permissions.values_list("permission__content_type__app_label", flat=True))
    page_permissions = set(group.page_permissions.values_list("permission__codename", flat=True))

    assert granted_apps <= {"wagtailadmin", "wagtailimages", "wagtaildocs"}
    assert collection_apps == {"wagtailimages", "wagtaildocs"}
    assert page_permissions == {"add_page", "change_page"}
    assert not editor.has_perm("estate.view_unit")
    assert not editor.has_perm("casework.view_submission")
