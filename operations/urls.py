from django.urls import path

from . import views

app_name = "operations"

urlpatterns = [
    path("background/", views.index, name="background"),
    path("background/<str:kind>/<int:pk>/retry/", views.retry, name="retry"),
]
