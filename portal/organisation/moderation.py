"""Who edits the owner portal's pages, and the review before anything is published.

- Content editors (内容编辑) add and change pages under the portal's home page, upload
  and choose images and documents, and submit pages for review. They cannot publish,
  and they get nothing else (no casework, no register).
- Customer-service supervisors (客服主管) approve or send back what is submitted: theirs
  is the one task of the 内容审核 workflow, which covers every page under the home page.
  They may also edit and publish pages themselves (e.g. to take down a stale notice).

:func:`apply_page_moderation` brings a database to that state and changes nothing when
it is already there; a migration calls it, and so does the demo loader after a flush.
Page revisions are kept (Wagtail's default), so every change can be reviewed and reverted.
"""

from django.contrib.auth.management import create_permissions

from .groups import CONTENT_EDITOR, SUPERVISOR

WORKFLOW_NAME = "内容审核"
APPROVAL_TASK_NAME = "客服主管审核"

PAGE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    CONTENT_EDITOR: ("add_page", "change_page"),
    SUPERVISOR: ("add_page", "change_page", "publish_page"),
}
"""Page permissions (codenames of ``wagtailcore.page``) on the home page and all below it."""

COLLECTION_PERMISSIONS: dict[str, tuple[str, ...]] = {
    CONTENT_EDITOR: (
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ),
}
"""Image and document permissions on the root collection (Wagtail reads these per collection,
not from the group's model permissions)."""


def _permission(Permission, app_label: str, codename: str):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def apply_page_moderation(apps, schema_editor=None) -> None:
    """Grant the page and collection permissions above on the default site's home page and
    the root collection, and make the 内容审核 workflow (approved by 客服主管) govern the
    home page's tree. Does nothing before a default site exists."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Site = apps.get_model("wagtailcore", "Site")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return
    home = site.root_page
    for label in ("wagtailcore", "wagtailimages", "wagtaildocs"):
        # Permissions are otherwise created only after the last migration has run.
        app_config = apps.get_app_config(label)
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = models_module

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in PAGE_PERMISSIONS}
    for name, codenames in PAGE_PERMISSIONS.items():
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=groups[name], page=home, permission=_permission(Permission, "wagtailcore", codename)
            )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for name, dotted_names in COLLECTION_PERMISSIONS.items():
            for dotted in dotted_names:
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[name], collection=root_collection, permission=_permission(Permission, *dotted.split("."))
                )

    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK_NAME).first()
    if task is None:
        task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name=APPROVAL_TASK_NAME, content_type=task_type, active=True)
    if not task.groups.filter(pk=groups[SUPERVISOR].pk).exists():
        task.groups.add(groups[SUPERVISOR])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})
