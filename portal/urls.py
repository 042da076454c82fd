from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from portal import views
from portal.twofactor import views as two_factor_views
from portal.twofactor.admin_site import TwoFactorAdminSite

admin.site.__class__ = TwoFactorAdminSite  # django-otp's documented way to guard the default site
admin.site.site_header = "Klyngeportalen – administration"
admin.site.site_title = "Klyngeportalen"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("tilgaengelighed/", views.accessibility_statement, name="accessibility-statement"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("login/kode/", two_factor_views.two_factor, name="two-factor"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("klynger/", include("clusters.urls")),
    path("surveys/", include("surveys.urls")),
    path("samarbejde/", include("collaboration.urls")),
]

handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"
