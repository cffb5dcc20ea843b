from django.urls import path

from . import views

app_name = "places"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/import-villages/", views.import_villages_view, name="import_villages"),
    path("<int:pk>/tiers/", views.set_tiers, name="set_tiers"),
]
