from django.urls import path

from . import views

app_name = "cycles"
urlpatterns = [
    path("", views.cycle_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("milestones/<int:pk>/edit/", views.edit_milestone, name="edit_milestone"),
    path("new/<int:unit_pk>/", views.create, name="create"),
    path("calendar/<int:province_pk>/", views.province_calendar, name="calendar"),
]
