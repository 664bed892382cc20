from allauth.account import views as allauth_views
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("register/", views.register, name="register"),
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The second factor (issue 26): allauth's MFA pages, and the names its pages link to for signing in and out.
    path("2fa/", include("allauth.mfa.urls")),
    path("2fa/confirm/", allauth_views.reauthenticate, name="account_reauthenticate"),
    path("login/", views.SignInView.as_view(), name="account_login"),
    path("logout/", auth_views.LogoutView.as_view(), name="account_logout"),
    path("verify/<uidb64>/<token>/", views.verify_email, name="verify_email"),
    path("verify/resend/", views.resend_verification, name="resend_verification"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("language/", views.set_language, name="set_language"),
    path("organizations/", views.organizations, name="organizations"),
    path("organizations/<int:pk>/", views.organization, name="organization"),
    path("organizations/<int:pk>/members/<int:membership_pk>/role/", views.change_member_role, name="member_role"),
    path("organizations/<int:pk>/members/<int:membership_pk>/remove/", views.remove_member, name="member_remove"),
]
