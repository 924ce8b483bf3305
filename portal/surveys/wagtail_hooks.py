"""Registers 书面意见调查 (the satisfaction survey rounds) with the Wagtail admin."""

from wagtail import hooks

from .viewsets import SurveyRoundViewSet


@hooks.register("register_admin_viewset")
def register_survey_rounds():
    return SurveyRoundViewSet()
