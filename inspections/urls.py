from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("staff/", views.staff, name="staff"),
    path("open/", views.open_inspection, name="open"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/schedule/", views.schedule, name="schedule"),
    path("<int:pk>/checklist/", views.checklist, name="checklist"),
    path("<int:pk>/photos/", views.photos, name="photos"),
    path("<int:pk>/photos/<int:photo_pk>/", views.photo, name="photo"),
    path("<int:pk>/photos/<int:photo_pk>/delete/", views.photo_delete, name="photo_delete"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report.pdf", views.report_file, name="report_file"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("assign/", views.assign_selected, name="assign_selected"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/return/", views.return_report, name="return"),
    path("projects/<int:project_pk>/ready/<str:kind>/", views.ready, name="ready"),
    path("projects/<int:project_pk>/destruction-notice/", views.notice, name="notice"),
    path("projects/<int:project_pk>/documents/", views.document_upload, name="document_upload"),
    path("documents/<int:document_pk>/", views.document, name="document"),
]
