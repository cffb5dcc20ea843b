from django.urls import path

from . import urls_baseline, urls_commune, urls_logframe, views

app_name = "plans"
urlpatterns = [
    path("unit/<int:unit_pk>/", views.unit_plans, name="unit"),
    path("unit/<int:unit_pk>/midterm/new/", views.create_midterm, name="create_midterm"),
    path("unit/<int:unit_pk>/import/", views.import_plan, name="import"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/items/", views.add_item, name="add_item"),
    path("items/<int:pk>/remove/", views.remove_item, name="remove_item"),
    path("<int:pk>/evaluation/", views.evaluation, name="evaluation"),
    path("<int:pk>/adopt/", views.adopt, name="adopt"),
    path("<int:pk>/annual/", views.create_annual, name="create_annual"),
    path("<int:pk>/new-version/", views.new_version, name="new_version"),
    path("<int:pk>/export.xlsx", views.export, name="export"),
]
urlpatterns += urls_commune.urlpatterns + urls_logframe.urlpatterns + urls_baseline.urlpatterns
