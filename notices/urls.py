from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("", views.notice_list, name="list"),
    path("<int:pk>/", views.notice_detail, name="detail"),
    path("<int:pk>/read/", views.mark_read, name="read"),
    path("read-all/", views.mark_all_read, name="read_all"),
    path("settings/", views.notice_settings, name="settings"),
]

from . import letter_views  # noqa: E402

urlpatterns += [
    path("letters/", letter_views.index, name="letters"),
    path("letters/<int:program_id>/<str:kind>/<str:language>/", letter_views.edit, name="letter_edit"),
    path("letters/<int:program_id>/<str:kind>/<str:language>/preview/", letter_views.preview, name="letter_preview"),
    path("letters/<int:program_id>/<str:kind>/<str:language>/reset/", letter_views.reset, name="letter_reset"),
]
