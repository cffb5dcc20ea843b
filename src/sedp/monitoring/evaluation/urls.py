from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("<int:pk>/", views.evaluation, name="plan"),
    path("<int:pk>/narrative/", views.narrative, name="narrative"),
    path("<int:pk>/report.docx", views.report_docx, name="docx"),
    path("<int:pk>/report.pdf", views.report_pdf, name="pdf"),
]
