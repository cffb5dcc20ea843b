from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("<int:pk>/", views.evaluation, name="plan"),
]
