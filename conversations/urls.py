from django.urls import re_path

from . import views

app_name = "conversations"

KIND = r"(?P<kind>application|agreement)/(?P<pk>[0-9]+)"

urlpatterns = [
    re_path(rf"^{KIND}/$", views.thread, name="thread"),
    re_path(rf"^{KIND}/post/$", views.post, name="post"),
    re_path(rf"^{KIND}/files/(?P<file_pk>[0-9]+)/$", views.download, name="file"),
]
