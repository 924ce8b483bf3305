from wagtail import hooks

from .views import ParameterSetViewSet


@hooks.register("register_admin_viewset")
def register_parameter_schedule():
    return ParameterSetViewSet()
