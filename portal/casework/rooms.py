"""The room that works an application, when one does.

Most procedures have a case of their own beside the application — a renovation, a move-in
handover, a release pass, a complaint, a repair order… — worked through its procedure on
its own admin page (``portal.renovations``, ``portal.moveins``, ``portal.releases``…). That
case decides the application: it moves the application's status as it goes. The review
queue then leaves approving and rejecting to the case and links to it; it still asks for
more information and assigns.

A case is any model with a Wagtail admin inspect view and a foreign key or one-to-one
field to :class:`~portal.casework.models.Submission`; the rooms need not register. An
application without such a case (a procedure with no room, or an application older than
its room) is decided in the queue as before.
"""

from dataclasses import dataclass
from functools import cache

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst

from .models import Submission


@dataclass(frozen=True)
class CaseLink:
    """Where ``submission``'s case is worked: the case, its room's name and its page."""

    case: models.Model
    room: str
    url: str


@dataclass(frozen=True)
class _Relation:
    model: type[models.Model]
    field: str
    inspect_url_name: str


@cache
def _relations() -> tuple[_Relation, ...]:
    from wagtail.admin.viewsets import viewsets

    relations = []
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if model is None or model is Submission or not getattr(viewset, "inspect_view_enabled", False):
            continue
        for field in model._meta.get_fields():
            if (
                getattr(field, "concrete", False)
                and field.is_relation
                and (field.many_to_one or field.one_to_one)
                and field.related_model is Submission
            ):
                relations.append(_Relation(model, field.name, viewset.get_url_name("inspect")))
    return tuple(relations)


def case_link(submission: Submission) -> CaseLink | None:
    """The case that works ``submission`` and its admin page, or ``None`` when no room does.

    The answer is kept on the submission for the rest of the request."""
    cached = getattr(submission, "_case_link", False)
    if cached is not False:
        return cached
    link = None
    for relation in _relations():
        case = relation.model._default_manager.filter(**{relation.field: submission}).first()
        if case is None:
            continue
        try:
            url = reverse(relation.inspect_url_name, args=(case.pk,))
        except NoReverseMatch:
            continue
        link = CaseLink(case=case, room=capfirst(relation.model._meta.verbose_name_plural), url=url)
        break
    submission._case_link = link
    return link
