from django.contrib import admin
from django.urls import include, path

from debrief.views import accounts

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", accounts.sign_in, name="login"),
    path("accounts/logout/", accounts.SignOutView.as_view(), name="logout"),
    path("accounts/password_reset/", accounts.password_reset, name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/confirm-email/send/",
        accounts.resend_confirmation,
        name="confirm-email-resend",
    ),
    path("accounts/confirm-email/<str:token>/", accounts.confirm_email, name="confirm-email"),
    # Sign-out, password change and the reset pages not above: Django's own views.
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("debrief.urls")),
]

handler404 = "debrief.views.pages.page_not_found"
handler500 = "debrief.views.pages.server_error"
handler403 = "debrief.views.pages.permission_denied"
