"""Citizen–government dialogues (issue 13): preparation, session, follow-up, minutes and the public pages."""

from django.urls import path

from .views import follow, preparation, public, session

app_name = "dialogues"
urlpatterns = [
    path("unit/<int:unit_pk>/", preparation.unit, name="unit"),
    path("unit/<int:unit_pk>/new/", preparation.create, name="create"),
    path("<int:pk>/", preparation.detail, name="detail"),
    path("<int:pk>/edit/", preparation.edit, name="edit"),
    path("<int:pk>/agenda/", preparation.agenda, name="agenda"),
    path("<int:pk>/questions/", preparation.gather, name="gather"),
    path("question/<int:pk>/hide/", preparation.hide, name="hide"),
    path("question/<int:pk>/show/", preparation.show, name="show"),
    path("question/<int:pk>/merge/", preparation.merge, name="merge"),
    path("question/<int:pk>/answer/", preparation.answer, name="answer"),
    path("<int:pk>/session/", session.session, name="session"),
    path("item/<int:pk>/", session.item, name="item"),
    path("<int:pk>/participants/", session.participants, name="participants"),
    path("<int:pk>/a0/", session.a0, name="a0"),
    path("<int:pk>/a0/photo/", session.a0_photo, name="a0_photo"),
    path("<int:pk>/concerns/", session.concern_add, name="concern_add"),
    path("concern/<int:pk>/remove/", session.concern_remove, name="concern_remove"),
    path("<int:pk>/recommendations/", session.recommendation_add, name="recommendation_add"),
    path("recommendation/<int:pk>/remove/", session.recommendation_remove, name="recommendation_remove"),
    path("<int:pk>/commitments/add/", session.commitment_add, name="commitment_add"),
    path("<int:pk>/close/", session.close, name="close"),
    path("<int:pk>/commitments/", follow.commitments, name="commitments"),
    path("commitment/<int:pk>/follow/", follow.follow, name="follow"),
    path("commitment/<int:pk>/need/", follow.raise_need, name="raise_need"),
    path("evidence/<int:pk>/", follow.evidence, name="evidence"),
    path("<int:pk>/minutes.docx", follow.minutes_docx, name="minutes_docx"),
    path("<int:pk>/minutes.pdf", follow.minutes_pdf, name="minutes_pdf"),
    path("public/<int:unit_pk>/", public.public, name="public"),
    path("<int:pk>/ask/", public.ask, name="ask"),
    path("<int:pk>/ask/sent/", public.ask_sent, name="ask_sent"),
]
