from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("calendar/", views.calendar, name="calendar"),
    path("obligations/", views.obligations, name="obligations"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/agreement.pdf", views.document, name="document"),
    path("<int:pk>/agreement-es.pdf", views.translation_document, name="translation"),
    path("<int:pk>/amendments/<int:number>.pdf", views.amendment_document, name="amendment_document"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/send/", views.send, name="send"),
    path("<int:pk>/recall/", views.recall, name="recall"),
    path("<int:pk>/return/", views.return_signature, name="return"),
    path("<int:pk>/countersign/", views.countersign, name="countersign"),
    path("<int:pk>/amend/", views.amend, name="amend"),
    path("<int:pk>/requests/", views.request_change, name="request_change"),
    path("<int:pk>/requests/<int:change_pk>/", views.decide, name="decide"),
    path("<int:pk>/projects/<int:project_pk>/values/", views.edit_values, name="values"),
    path("<int:pk>/projects/<int:project_pk>/events/", views.record_event, name="event"),
    path("<int:pk>/obligations/<int:obligation_pk>/done/", views.complete, name="complete"),
    path("<int:pk>/obligations/<int:obligation_pk>/waive/", views.waive, name="waive"),
]
