from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from debrief.forms.accounts import SignInForm
from debrief.views import accounts

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/signup/", accounts.signup, name="signup"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("debrief.urls")),
]

handler404 = "debrief.views.pages.page_not_found"
handler500 = "debrief.views.pages.server_error"
handler403 = "debrief.views.pages.permission_denied"
