"""Assignment (giao kế hoạch): the upper level's pages, the receiving unit's, and the public notice."""

from django.urls import path

from . import views

app_name = "assignments"
urlpatterns = [
    path("plan/<int:pk>/", views.overview, name="overview"),
    path("plan/<int:pk>/unit/<int:unit_pk>/", views.edit, name="edit"),
    path("plan/<int:pk>/explain/", views.explain, name="explain"),
    path("plan/<int:pk>/issue/", views.issue_all, name="issue_all"),
    path("unit/<int:unit_pk>/", views.unit, name="unit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/adjust/", views.adjust, name="adjust"),
    path("<int:pk>/notice/", views.notice_page, name="notice"),
    path("<int:pk>/notice.pdf", views.notice_pdf, name="notice_pdf"),
]
