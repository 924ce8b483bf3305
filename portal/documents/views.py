"""The gate's verification page and the download of issued records."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .formatting import chinese_datetime
from .models import IssuedDocument
from .services import AlreadyUsed, NotSingleUse, PassExpired, Status, mark_used, verify_token

MARK_USED = "documents.mark_used_issueddocument"


def _who(user) -> str:
    if user is None:
        return _("an unknown user")
    return user.get_full_name() or user.get_username()


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request, token):
    """What security sees on scanning a pass: genuine or not, for which unit and goods,
    valid, used or expired. Staff allowed to do so mark a release pass used (POST)."""
    verification = verify_token(token)
    if request.method == "POST" and verification.is_genuine:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm(MARK_USED):
            raise PermissionDenied
        _mark_used(request, verification.document)
        return redirect(request.path)
    document = verification.document
    response = TemplateResponse(
        request,
        "documents/verify.html",
        {
            "verification": verification,
            "document": document,
            "Status": Status,
            "used_by": _who(document.used_by) if document and document.used_at else "",
            "can_mark_used": (
                verification.status == Status.VALID
                and document.is_single_use
                and request.user.has_perm(MARK_USED)
            ),
        },
        status=200 if verification.is_genuine else 404,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _mark_used(request, document):
    try:
        mark_used(document, request.user)
    except AlreadyUsed as refusal:
        used = refusal.document
        messages.error(
            request,
            _("Already used at %(time)s by %(user)s.")
            % {"time": chinese_datetime(used.used_at), "user": _who(used.used_by)},
        )
    except PassExpired:
        messages.error(request, _("This pass has expired: do not let the goods out."))
    except NotSingleUse:
        messages.error(request, _("This document is not a pass that is used up at the gate."))
    else:
        messages.success(request, _("Marked as used. The goods may leave."))


@never_cache
@require_GET
@login_required
def download(request, pk):
    """The PDF of an issued record, for the unit's current household and for staff with
    the view permission; anyone else is told it does not exist."""
    document = get_object_or_404(IssuedDocument.objects.visible_to(request.user), pk=pk)
    filename = f"{document.get_kind_display()}-{document.number}.pdf"
    return FileResponse(document.pdf.open("rb"), content_type="application/pdf", filename=filename)
