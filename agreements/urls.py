from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/agreement.pdf", views.document, name="document"),
]
