from django.urls import path

from . import views

app_name = "consultation"
urlpatterns = [
    path("plan/<int:pk>/", views.overview, name="plan"),
    path("plan/<int:pk>/move/", views.move, name="move"),
    path("plan/<int:pk>/team/", views.team, name="team"),
    path("plan/<int:pk>/team/add/", views.add_member, name="add_member"),
    path("plan/<int:pk>/team/<int:member>/remove/", views.remove_member, name="remove_member"),
    path("plan/<int:pk>/bodies/add/", views.add_commenter, name="add_commenter"),
    path("plan/<int:pk>/bodies/usual/", views.add_usual_departments, name="add_usual_departments"),
    path("plan/<int:pk>/bodies/<int:commenter>/remove/", views.remove_commenter, name="remove_commenter"),
    path("plan/<int:pk>/schedule/propose/", views.propose_schedule, name="propose_schedule"),
    path("plan/<int:pk>/step/<int:step>/", views.step, name="step"),
    path("plan/<int:pk>/step/<int:step>/edit/", views.edit_step, name="edit_step"),
    path("plan/<int:pk>/step/<int:step>/done/", views.step_done, name="step_done"),
    path("plan/<int:pk>/step/<int:step>/meeting/", views.step_meeting, name="step_meeting"),
    path("plan/<int:pk>/discussions/", views.discussion, name="discussion"),
    path("plan/<int:pk>/assignments/", views.add_assignment, name="add_assignment"),
    path("plan/<int:pk>/assignments/<int:assignment>/done/", views.assignment_done, name="assignment_done"),
    path(
        "plan/<int:pk>/assignments/<int:assignment>/remove/",
        views.remove_assignment,
        name="remove_assignment",
    ),
    path("plan/<int:pk>/distribution-reason/", views.explain_distribution, name="explain_distribution"),
    path("plan/<int:pk>/voter-contacts/", views.voter_contacts, name="voter_contacts"),
    path("plan/<int:pk>/drafts/", views.versions, name="versions"),
    path("plan/<int:pk>/drafts/freeze/", views.freeze, name="freeze"),
    path("plan/<int:pk>/drafts/<int:number>/", views.version, name="version"),
    path("plan/<int:pk>/drafts/<int:number>/distribution/", views.distribution, name="distribution"),
    path("plan/<int:pk>/drafts/<int:number>/comments/", views.add_comment, name="add_comment"),
    path("plan/<int:pk>/comments/", views.comments, name="comments"),
    path("plan/<int:pk>/comments/<int:comment>/resolve/", views.resolve, name="resolve"),
    path("plan/<int:pk>/comments/<int:comment>/edit/", views.edit_comment, name="edit_comment"),
    path("plan/<int:pk>/comments/<int:comment>/correct/", views.correct_comment, name="correct_comment"),
    path("plan/<int:pk>/comments/<int:comment>/withdraw/", views.withdraw_comment, name="withdraw_comment"),
    path("plan/<int:pk>/village/<int:village>/", views.village, name="village"),
]
urlpatterns += [
    path("plan/<int:pk>/mode/", views.set_mode, name="set_mode"),
    path("plan/<int:pk>/mop/<int:step>/", views.process_step, name="process_step"),
]
