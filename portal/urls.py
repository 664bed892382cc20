from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from applications import api as applications_api
from applications import eligibility
from applications import views as application_views

router = DefaultRouter()
router.register("programs", applications_api.ProgramViewSet, basename="program")
router.register("applications", applications_api.ApplicationViewSet, basename="application")

admin.site.site_header = "Clean Air Grants staff"
admin.site.site_title = "Clean Air Grants"
# The admin behind the portal's sign-in, second factor included (issue 26): its own login page only redirects there.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", application_views.home, name="home"),
    path("programs/<str:code>/", application_views.program, name="program"),
    path("programs/<str:code>/eligibility/", eligibility.check, name="eligibility"),
    path("programs/<str:code>/fleet-template.csv", application_views.fleet_template, name="fleet_template"),
    path("programs/<str:code>/fleet-template.xlsx", application_views.fleet_template_xlsx, name="fleet_template_xlsx"),
    path("programs/<str:code>/forms/<str:slot>/", application_views.blank_form, name="blank_form"),
    path("my-work/", include("mywork.urls")),
    path("accounts/", include("accounts.urls")),
    path("applications/", include("applications.urls")),
    path("ports/", include("ports_agreement.urls")),
    path("notices/", include("notices.urls")),
    path("funding/", include("funding.urls")),
    path("communities/", include("communities.urls")),
    path("agreements/", include("agreements.urls")),
    path("conversations/", include("conversations.urls")),
    path("", include("dashboards.urls")),
    path("payments/", include("payments.urls")),
    path("inspections/", include("inspections.urls")),
    path("reporting/", include("reporting.urls")),
    path("operations/", include("operations.urls")),
    path("admin/", admin.site.urls),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
