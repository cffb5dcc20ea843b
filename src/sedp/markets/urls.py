from django.urls import path

from . import views

app_name = "markets"
urlpatterns = [
    path("unit/<int:unit_pk>/prices/", views.prices, name="prices"),
    path("unit/<int:unit_pk>/prices/add/", views.price_add, name="price_add"),
    path("unit/<int:unit_pk>/prices/import/", views.price_import, name="price_import"),
    path("unit/<int:unit_pk>/prices/template.xlsx", views.price_template, name="price_template"),
    path("prices/<int:pk>/delete/", views.price_delete, name="price_delete"),
    path("unit/<int:unit_pk>/bulletin/", views.bulletin, name="bulletin"),
    path("unit/<int:unit_pk>/bulletin/notice/", views.bulletin_notice, name="bulletin_notice"),
    path("unit/<int:unit_pk>/bulletin/notice.pdf", views.bulletin_pdf, name="bulletin_pdf"),
    path("plan/<int:pk>/", views.plan_page, name="plan"),
    path("plan/<int:pk>/candidates/", views.candidate_add, name="candidate_add"),
    path("plan/<int:pk>/weights/", views.weights, name="weights"),
    path("plan/<int:pk>/sheets/", views.sheet_add, name="sheet_add"),
    path("candidates/<int:pk>/remove/", views.candidate_remove, name="candidate_remove"),
    path("candidates/<int:pk>/choose/", views.choose, name="choose"),
    path("sheets/<int:pk>/", views.sheet, name="sheet"),
    path("sheets/<int:pk>/save/", views.sheet_save, name="sheet_save"),
    path("sheets/<int:pk>/delete/", views.sheet_delete, name="sheet_delete"),
    path("chains/<int:pk>/", views.chain, name="chain"),
    path("chains/<int:pk>/prices/", views.chain_update, name="chain_update"),
    path("chains/<int:pk>/stages/<str:stage>/", views.stage_notes, name="stage_notes"),
    path("chains/<int:pk>/<str:kind>/add/", views.row_save, name="row_add"),
    path("chains/<int:pk>/<str:kind>/<int:row_pk>/", views.row_save, name="row_edit"),
    path("chains/<int:pk>/<str:kind>/<int:row_pk>/delete/", views.row_delete, name="row_delete"),
    path("chains/<int:pk>/carry/", views.carry, name="carry"),
    path("chains/<int:pk>/delete/", views.chain_delete, name="chain_delete"),
]
