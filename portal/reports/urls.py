from django.urls import path

from portal.casework.viewsets.queue import forbidden_is_403

from . import views

app_name = "reports"
urlpatterns = [
    path("", forbidden_is_403(views.index), name="index"),
    path("<slug:slug>/", forbidden_is_403(views.report_view), name="report"),
]
