"""A plan's logframe (key targets, objectives, results, indicators, activities) and its documents."""

from django.urls import path

from . import views as views_logframe

urlpatterns = [
    path("commune/<int:pk>/logframe/", views_logframe.logframe, name="logframe"),
    path("commune/<int:pk>/logframe/header/", views_logframe.header, name="logframe_header"),
    path("commune/<int:pk>/logframe/header/preview/", views_logframe.header_preview, name="logframe_preview"),
    path("commune/<int:pk>/logframe/renumber/", views_logframe.renumber, name="logframe_renumber"),
    path("commune/<int:pk>/logframe/<slug:kind>/add/", views_logframe.add, name="logframe_add"),
    path("commune/<int:pk>/logframe/<slug:kind>/<int:row>/", views_logframe.edit, name="logframe_edit"),
    path(
        "commune/<int:pk>/logframe/<slug:kind>/<int:row>/delete/",
        views_logframe.delete,
        name="logframe_delete",
    ),
    path("commune/<int:pk>/documents/", views_logframe.documents, name="documents"),
    path("commune/<int:pk>/ke-hoach-<int:year>.docx", views_logframe.plan_docx, name="plan_docx"),
    path("commune/<int:pk>/ke-hoach-<int:year>.pdf", views_logframe.plan_pdf, name="plan_pdf"),
]
