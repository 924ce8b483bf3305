"""Owners' side of the satisfaction survey: the questionnaire on /my/surveys/."""

from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:round_pk>/<int:household_pk>/", views.questionnaire, name="questionnaire"),
]
