from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("", views.index, name="index"),
    path("queue/", views.queue, name="queue"),
    path("released.csv", views.released_csv, name="released_csv"),
    path("projects/", views.projects, name="projects"),
    path("projects/<int:funded_pk>/", views.project, name="project"),
    path("projects/<int:funded_pk>/request/", views.start, name="start"),
    path("projects/<int:funded_pk>/schedule/", views.set_schedule, name="schedule"),
    path("projects/<int:funded_pk>/close/", views.close_for_less, name="close"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/facts/", views.save_facts, name="facts"),
    path("<int:pk>/lines/<str:kind>/", views.add_line, name="line_add"),
    path("<int:pk>/lines/<int:line_pk>/delete/", views.delete_line, name="line_delete"),
    path("<int:pk>/documents/", views.upload, name="upload"),
    path("<int:pk>/documents/<int:document_pk>/", views.download, name="download"),
    path("<int:pk>/documents/reuse/<str:source>/<int:source_pk>/", views.reuse_document, name="document_reuse"),
    path("<int:pk>/documents/<int:document_pk>/delete/", views.delete_document, name="document_delete"),
    path("<int:pk>/documents/<int:document_pk>/refuse/", views.refuse_document, name="document_refuse"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/lines/<int:line_pk>/disallow/", views.disallow_line, name="line_disallow"),
    path("<int:pk>/second-approval/", views.second_approve, name="second_approve"),
    path("<int:pk>/return/", views.return_request, name="return"),
    path("<int:pk>/reject/", views.reject, name="reject"),
    path("<int:pk>/clearances/<str:key>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/clearances/<str:key>/unconfirm/", views.unconfirm, name="unconfirm"),
    path("<int:pk>/release/", views.release, name="release"),
    path("<int:pk>/send-back/", views.send_back, name="send_back"),
]
