from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("unit/<int:pk>/", views.unit, name="unit"),
    path("unit/<int:pk>/<int:year>/", views.unit, name="unit_year"),
    path("unit/<int:pk>/<int:year>/notice/", views.notice, name="notice"),
    path("unit/<int:pk>/<int:year>/notice.pdf", views.notice_pdf, name="notice_pdf"),
]
