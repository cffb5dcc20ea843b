from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("unit/<int:unit_pk>/", views.unit_meetings, name="unit"),
    path("unit/<int:unit_pk>/new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/attendees/", views.add_attendee, name="add_attendee"),
    path("attendees/<int:pk>/remove/", views.remove_attendee, name="remove_attendee"),
    path("<int:pk>/photos/", views.add_photo, name="add_photo"),
    path("<int:pk>/warnings/<str:rule>/accept/", views.accept_warning, name="accept_warning"),
]
