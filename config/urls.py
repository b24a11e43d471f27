"""The site's routes. Every view declares the HTTP methods it serves, Django's account views
included (their class-based views would otherwise answer OPTIONS, and PUT like POST)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from debrief.views import accounts
from debrief.views.devices import PasswordChange

form = require_http_methods(["GET", "HEAD", "POST"])

account_urlpatterns = [
    path("signup/", accounts.signup, name="signup"),
    path("signup/done/", accounts.signup_done, name="signup-done"),
    path("login/", accounts.sign_in, name="login"),
    path("logout/", require_POST(accounts.SignOutView.as_view()), name="logout"),
    path(
        "password_change/",
        form(PasswordChange.as_view()),
        name="password_change",
    ),
    path(
        "password_change/done/",
        require_safe(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path("password_reset/", accounts.password_reset, name="password_reset"),
    path(
        "password_reset/done/",
        require_safe(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        form(accounts.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        require_safe(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path("confirm-email/send/", accounts.resend_confirmation, name="confirm-email-resend"),
    path("confirm-email/<str:token>/", accounts.confirm_email, name="confirm-email"),
]

urlpatterns = [
    # django-otp's OTPAdminSite (debrief.apps.OTPAdminConfig): staff need two-step verification.
    path("admin/", admin.site.urls),
    path("accounts/", include(account_urlpatterns)),
    path("", include("debrief.urls")),
]

handler404 = "debrief.views.pages.page_not_found"
handler500 = "debrief.views.pages.server_error"
handler403 = "debrief.views.pages.permission_denied"
