"""Owners' side of the satisfaction survey: the questionnaire on /my/surveys/."""

app_name = "surveys"
urlpatterns: list = []
