"""The URL map: the only place besides settings that knows every room."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal.accounts import views as account_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    # Printed records: /verify/<token>/ (a pass scanned at the gate), /records/<id>/download/.
    path("", include("portal.documents.urls")),
    # Owners and tenants: log in and out, passwords, and their own dashboard.
    path("accounts/", include("portal.accounts.urls")),
    path("my/", account_views.dashboard, name="my_dashboard"),
    # Owners answering the satisfaction survey online (SV).
    path("my/surveys/", include("portal.surveys.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving catches everything else, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]
