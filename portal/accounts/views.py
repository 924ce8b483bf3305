"""Owner-facing account pages: the dashboard at ``/my/``, the way back into a case the
service centre asked more information for, and a logout that says so."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from portal.casework.models import OPEN_STATUSES, Submission, SubmissionStatus
from portal.policies.adapter import today
from portal.surveys import services as surveys

from .dashboard import amendable_procedures, cases_of, documents_of, drafts_of, form_url, homes_of, resident_of


@never_cache
@login_required
def dashboard(request):
    """The signed-in resident's homes, arrears and cases."""
    person = resident_of(request.user)
    if person is None:
        return render(request, "accounts/no_resident_record.html")
    on_date = today()
    return render(
        request,
        "accounts/dashboard.html",
        {
            "person": person,
            "on_date": on_date,
            "homes": homes_of(person, on_date),
            "cases": cases_of(person, request.GET.get("page")),
            "drafts": drafts_of(person),
            "documents": documents_of(person),
            "open_statuses": [status.value for status in OPEN_STATUSES],
            "amendable": amendable_procedures(),
            "survey_open": surveys.open_to(person, on_date),
        },
    )


@never_cache
@login_required
def amend_case(request, reference):
    """Open the applicant's case, asked more information for, in its form, pre-filled:
    a redirect to the service page that hosts the procedure's form (``?amend=``)."""
    person = resident_of(request.user)
    submission = Submission.objects.filter(reference=reference, applicant=person).first() if person else None
    if submission is None:
        raise Http404("No such case of yours")
    if submission.status != SubmissionStatus.INFO_REQUESTED:
        messages.info(request, _("Application %(reference)s is not waiting for more information from you.")
                      % {"reference": reference})
        return redirect("my_dashboard")
    url = form_url(submission.procedure, request)
    if url is None:
        raise Http404("This procedure has no online form")
    return redirect(f"{url}?amend={reference}")


class LogoutView(auth_views.LogoutView):
    """Django's logout (POST only), telling the user it is done."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have logged out."))
        return response
