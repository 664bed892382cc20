from django.urls import path

from . import views

app_name = "mywork"

urlpatterns = [path("", views.my_work, name="page")]
