from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views as accounts
from accounts.password_reset import QueuedPasswordResetView
from tenders.urls import assessment_patterns, file_patterns, public_round_patterns, staff_patterns

from . import views

# The package's URL names (its views reverse them), under Dutch paths; no profile or "disable" pages.
two_factor_patterns = [
    path("instellen/", accounts.SetupView.as_view(), name="setup"),
    path("instellen/qr/", accounts.QRGeneratorView.as_view(), name="qr"),
    path("ingesteld/", accounts.SetupCompleteView.as_view(), name="setup_complete"),
    path("reservecodes/", accounts.BackupTokensView.as_view(), name="backup_tokens"),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("toegankelijkheid/", views.accessibility_statement, name="accessibility"),
    path("start/", accounts.start, name="start"),
    path("privacy/", views.privacy_statement, name="privacy"),
    path("sessie/verlengen/", accounts.extend_session, name="extend_session"),
    # django-two-factor-auth: the login asks for the password and then, for a user with a device, the code.
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/tweestaps/", include((two_factor_patterns, "two_factor"))),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", QueuedPasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("", include("initiatives.urls")),
    path("", include("progress.urls")),
    path("portaal/", include("maastricht_inclusie.portal_urls")),
    path("medewerkers/", include(staff_patterns)),
    path("beoordelen/", include(assessment_patterns)),
    path("bijlagen/", include(file_patterns)),
    path("subsidierondes/", include(public_round_patterns)),
    path("netwerk/", include("keypersons.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
