"""``/verify/<token>/`` (scanned at the gate) and ``/records/<id>/download/``."""

from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("verify/<str:token>/", views.verify, name="verify"),
    path("records/<int:pk>/download/", views.download, name="download"),
]
