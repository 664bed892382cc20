from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("dashboard/", views.board_page, name="board"),
    path("dashboard/report.pdf", views.report_pdf, name="report_pdf"),
    path("dashboard/tables/<slug:key>.csv", views.table_csv, name="table_csv"),
    path("dashboard/<str:code>/", views.board_page, name="program"),
    path("dashboard/<str:code>/tables/<slug:key>.csv", views.table_csv, name="program_table_csv"),
    path("results/", views.public_page, name="public"),
    path("results/awards.csv", views.awards_csv, name="awards_csv"),
    path("results/awards.json", views.awards_json, name="awards_json"),
    path("results/totals.json", views.totals_json, name="totals_json"),
    path("results/tables/<slug:key>.csv", views.public_table_csv, name="public_table_csv"),
]
