from django.urls import path

from . import views

app_name = "consultation"
urlpatterns = [
    path("plan/<int:pk>/", views.plan, name="plan"),
]
