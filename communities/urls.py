from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_list, name="import"),
    path("applications/<int:pk>/", views.application_page, name="application"),
]
