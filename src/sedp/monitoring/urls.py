"""Implementation and monitoring pages (issue 12, §1–2): a plan's works, a work, reports, the reporting rate."""

from django.urls import path

from . import finance_views, views

app_name = "monitoring"
urlpatterns = [
    path("plan/<int:pk>/", views.plan_works, name="plan"),
    path("plan/<int:pk>/start/", views.start, name="start"),
    path("plan/<int:pk>/reports/", views.reports, name="reports"),
    path("plan/<int:pk>/reports/new/", views.report_new, name="report_new"),
    path("work/<int:pk>/", views.work, name="work"),
    path("work/<int:pk>/board/", views.board, name="board"),
    path("work/<int:pk>/milestone/", views.milestone, name="milestone"),
    path("work/<int:pk>/finding/", views.finding_add, name="finding_add"),
    path("work/<int:pk>/photo/", views.photo_add, name="photo_add"),
    path("finding/<int:pk>/follow/", views.finding_follow, name="finding_follow"),
    path("photo/<int:pk>/", views.photo_file, name="photo"),
    path("report/<int:pk>/", views.report, name="report"),
    path("report/<int:pk>/move/", views.report_move, name="report_move"),
    path("report/<int:pk>/template.xlsx", views.report_template, name="report_template"),
    path("report/<int:pk>/upload/", views.report_upload, name="report_upload"),
    path("unit/<int:pk>/rate/", views.rate, name="rate"),
    path("finance/<int:unit_pk>/", finance_views.page, name="finance"),
    path("finance/<int:unit_pk>/notice/", finance_views.notice_page, name="finance_notice"),
    path("finance/<int:unit_pk>/notice.pdf", finance_views.notice_pdf, name="finance_notice_pdf"),
]
