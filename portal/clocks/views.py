"""The recipient's side of alerts: open one (marking it read) or mark them all read."""

from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import services
from .models import AlertReceipt


def open_alert(request, receipt_id):
    """Mark the user's alert read and go to what it is about (the dashboard when it has no link)."""
    receipt = get_object_or_404(AlertReceipt.objects.select_related("alert"), pk=receipt_id, user=request.user)
    services.mark_read(request.user, [receipt.pk])
    url = receipt.alert.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("wagtailadmin_home")


@require_POST
def mark_all_read(request):
    services.mark_read(request.user)
    return redirect("wagtailadmin_home")
