"""A plan's logframe (key targets, objectives, results, indicators, activities) and its documents."""

from django.urls import path

from . import views as views_logframe

urlpatterns = [
    path("<int:pk>/logframe/", views_logframe.logframe, name="logframe"),
    path("<int:pk>/logframe/header/", views_logframe.header, name="logframe_header"),
    path("<int:pk>/logframe/header/preview/", views_logframe.header_preview, name="logframe_preview"),
    path("<int:pk>/logframe/renumber/", views_logframe.renumber, name="logframe_renumber"),
    path("<int:pk>/logframe/<slug:kind>/add/", views_logframe.add, name="logframe_add"),
    path("<int:pk>/logframe/<slug:kind>/<int:row>/", views_logframe.edit, name="logframe_edit"),
    path(
        "<int:pk>/logframe/<slug:kind>/<int:row>/delete/",
        views_logframe.delete,
        name="logframe_delete",
    ),
    path("<int:pk>/documents/", views_logframe.documents, name="documents"),
    path("<int:pk>/ke-hoach-<int:year>.docx", views_logframe.plan_docx, name="plan_docx"),
    path("<int:pk>/ke-hoach-<int:year>.pdf", views_logframe.plan_pdf, name="plan_pdf"),
]
