"""A plan's logframe (key targets, objectives, results, indicators, activities) and its documents."""

from django.urls import path

from . import views_logframe

urlpatterns = [
    path("commune/<int:pk>/logframe/", views_logframe.logframe, name="logframe"),
    path("commune/<int:pk>/documents/", views_logframe.documents, name="documents"),
]
