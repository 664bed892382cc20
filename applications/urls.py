from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("", views.my_applications, name="list"),
    path("start/<str:code>/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/answers/", views.answers, name="answers"),
    path("<int:pk>/receipt.pdf", views.receipt, name="receipt"),
    path("<int:pk>/details/", views.edit_details, name="details"),
    path("<int:pk>/projects/", views.projects, name="projects"),
    path("<int:pk>/projects/new/", views.edit_project, name="project_new"),
    path("<int:pk>/projects/upload/", views.upload_fleet, name="fleet_upload"),
    path("<int:pk>/projects/<int:project_pk>/", views.edit_project, name="project_edit"),
    path("<int:pk>/projects/<int:project_pk>/delete/", views.delete_project, name="project_delete"),
    path("<int:pk>/attachments/", views.attachments, name="attachments"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.download_attachment, name="attachment_download"),
    path("<int:pk>/attachments/<int:attachment_pk>/reuse/", views.reuse_attachment, name="attachment_reuse"),
    path("<int:pk>/attachments/<int:attachment_pk>/delete/", views.delete_attachment, name="attachment_delete"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/delete/", views.delete_draft, name="delete"),
    path("<int:pk>/respond/", views.respond, name="respond"),
    path("<int:pk>/deficiencies/<int:item_pk>/file/", views.deficiency_file, name="deficiency_file"),
    path("<int:pk>/deficiencies/<int:item_pk>/answer/", views.deficiency_answer, name="deficiency_answer"),
]
