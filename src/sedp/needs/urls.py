from django.urls import path

from . import views

app_name = "needs"
urlpatterns = [
    path("unit/<int:unit_pk>/", views.unit_needs, name="unit"),
    path("unit/<int:unit_pk>/new/", views.create, name="create"),
    path("unit/<int:unit_pk>/lists/", views.add_to_list, name="add_to_list"),
    path("lists/<str:what>/<int:pk>/rename/", views.rename_entry, name="rename_entry"),
    path("lists/<str:what>/<int:pk>/delete/", views.delete_entry, name="delete_entry"),
    path("unit/<int:unit_pk>/criteria/", views.criteria, name="criteria"),
    path("unit/<int:unit_pk>/ranking/", views.ranking, name="ranking"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("meeting/<int:pk>/subgroups/new/", views.subgroup_create, name="subgroup_create"),
    path("subgroups/<int:pk>/", views.subgroup_edit, name="subgroup_edit"),
    path("findings/<int:pk>/", views.finding_edit, name="finding_edit"),
    path("subgroups/<int:pk>/delete/", views.subgroup_delete, name="subgroup_delete"),
    path("meeting/<int:pk>/findings/new/", views.finding_create, name="finding_create"),
    path("meeting/<int:pk>/sheets/new/", views.sheet_create, name="sheet_create"),
    path("meeting/<int:pk>/ranking/", views.ranking_of, name="ranking_of"),
    path("sheets/<int:pk>/", views.sheet, name="sheet"),
]
