"""The portal's URLs, plus the wizards mounted at ``/apply/<procedure>/`` as a
ServicePage would host them."""

from django.http import Http404
from django.urls import path

from forms.registry import get_wizard
from portal.urls import urlpatterns as portal_urlpatterns


def apply(request, procedure):
    wizard = get_wizard(procedure)
    if wizard is None:
        raise Http404(procedure)
    return wizard.as_view()(request)


urlpatterns = [path("apply/<slug:procedure>/", apply, name="apply"), *portal_urlpatterns]
