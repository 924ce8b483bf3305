"""Owner-facing account pages: the dashboard at ``/my/`` and a logout that says so."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from portal.casework.models import OPEN_STATUSES
from portal.policies.adapter import today

from .dashboard import cases_of, documents_of, drafts_of, homes_of, resident_of


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
        },
    )


class LogoutView(auth_views.LogoutView):
    """Django's logout (POST only), telling the user it is done."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have logged out."))
        return response
