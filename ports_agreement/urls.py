from django.urls import path

from . import views

app_name = "ports_agreement"

urlpatterns = [
    path("", views.index, name="index"),
    path("port/", views.port_home, name="port_home"),
    path("port/reports/new/", views.report_new, name="report_new"),
    path("port/reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("port/plans/new/", views.plan_new, name="plan_new"),
    path("port/plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("port/plans/<int:pk>/progress/new/", views.progress_new, name="progress_new"),
    path("port/milestones/<int:pk>/", views.milestone, name="milestone"),
    path("milestone-reports/", views.milestone_reports, name="milestone_reports"),
    path("milestone-reports/<int:pk>/accept/", views.milestone_report_accept, name="milestone_report_accept"),
    path("milestone-reports/<int:pk>/return/", views.milestone_report_return, name="milestone_report_return"),
    path("milestone-reports/<int:pk>/evidence/", views.milestone_evidence, name="milestone_evidence"),
    path("status/", views.status, name="status"),
    path("rule-4001/", views.rule_4001, name="rule_4001"),
    path("progress-report.pdf", views.board_report_pdf, name="board_report_pdf"),
]
