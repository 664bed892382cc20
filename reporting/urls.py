from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.index, name="index"),
    path("audit/projects/<int:project_pk>/trail.csv", views.audit_trail_csv, name="audit_trail"),
    path("queue/", views.queue, name="queue"),
    path("projects/<int:funded_pk>/", views.project, name="project"),
    path("projects/<int:funded_pk>/remedy/", views.remedy, name="remedy"),
    path("projects/<int:funded_pk>/close/", views.close, name="close"),
    path("remedies/<int:remedy_pk>/settle/", views.settle, name="settle"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/save/", views.save, name="save"),
    path("<int:pk>/documents/", views.upload, name="upload"),
    path("<int:pk>/documents/<int:document_pk>/", views.download, name="download"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/return/", views.return_report, name="return"),
    path("<int:pk>/inspection/", views.inspection, name="inspection"),
]
