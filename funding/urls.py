from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("", views.index, name="index"),
    path("applications/<int:pk>/approve/", views.approve_application, name="approve_application"),
    path("rounds/<int:pk>/", views.round_page, name="round"),
    path("rounds/<int:pk>/approve/", views.approve, name="approve"),
    path("rounds/<int:pk>/retry/", views.retry, name="retry"),
    path("rounds/<int:pk>/lines/<int:line_id>/decide/", views.decide_line, name="decide_line"),
    path("rounds/<int:pk>/waitlist/<int:line_id>/offer/", views.offer_waitlist, name="offer_waitlist"),
    path("rounds/<int:pk>/recommendations.csv", views.round_csv, name="round_csv"),
    path("rounds/<int:pk>/recommendations.pdf", views.round_pdf, name="round_pdf"),
    path("<str:code>/", views.program_page, name="program"),
    path("<str:code>/preview/", views.preview, name="preview"),
    path("<str:code>/funds/new/", views.fund_new, name="fund_new"),
    path("<str:code>/funds/<int:fund_id>/reserve/", views.reserve, name="reserve"),
    path("<str:code>/funds/<int:fund_id>/shares/", views.share, name="share"),
    path("<str:code>/funds/<int:fund_id>/budget/", views.budget, name="budget"),
]
