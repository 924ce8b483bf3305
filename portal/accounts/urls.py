"""``/accounts/``: log in and out, change or reset a password (Django's views, our templates),
and amend a case the service centre asked more information for."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("cases/<str:reference>/amend/", views.amend_case, name="my_amend_case"),
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(
            email_template_name="registration/password_reset_email.txt",
            extra_email_context={"estate_name": settings.ESTATE_NAME},
        ),
        name="password_reset",
    ),
    # Password change, and the rest of the reset, under Django's paths and names.
    path("", include("django.contrib.auth.urls")),
]
