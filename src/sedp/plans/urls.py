from django.urls import path

from sedp.plans.baseline import urls as baseline_urls
from sedp.plans.logframe import urls as logframe_urls
from sedp.plans.meplan import urls as meplan_urls
from sedp.plans.rollup import urls as rollup_urls

from . import views

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
urlpatterns += (
    rollup_urls.urlpatterns + logframe_urls.urlpatterns + baseline_urls.urlpatterns + meplan_urls.urlpatterns
)
