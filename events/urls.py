from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="event-list"),
    path("documents/<int:pk>/download/", views.document_download, name="document-download"),
    path("<slug:slug>/", views.event_detail, name="event-detail"),
    path("<slug:slug>/register/", views.event_register, name="event-register"),
    path("<slug:slug>/cancel/", views.event_registration_cancel, name="event-cancel"),
    path("<slug:slug>/polls/<int:poll_id>/vote/", views.poll_vote, name="poll-vote"),
    path("<slug:slug>/evaluate/", views.event_evaluate, name="event-evaluate"),
    path("<slug:slug>/attendance/", views.event_attendance, name="event-attendance"),
]
