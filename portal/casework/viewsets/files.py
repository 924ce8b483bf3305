"""Downloading a case's uploaded files.

Files live in private storage (never under MEDIA_ROOT) and leave it only through
:func:`attachment_response`, after :func:`portal.casework.review.may_download` has
said yes: staff who can see the case here, and, on the owner's side, the applicant or
a member of the case's household.
"""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views import View

from .. import review
from ..models import SubmissionFile


def attachment_response(submitted: SubmissionFile) -> FileResponse:
    """``submitted`` as a download under its original name, never shown inline and
    never cached by a shared cache. 404 when the stored file is missing."""
    try:
        handle = submitted.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404("The stored file is missing") from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=submitted.original_name,
        content_type=submitted.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class SubmissionFileDownloadView(View):
    """A file of a case, for staff who may see the case."""

    http_method_names = ["get", "head"]

    def get(self, request, pk, file_pk):
        submitted = get_object_or_404(SubmissionFile.objects.select_related("submission"), pk=file_pk, submission_id=pk)
        if not review.may_download(request.user, submitted.submission):
            raise PermissionDenied
        return attachment_response(submitted)
