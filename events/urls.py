from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="event-list"),
    path("calendar/upcoming.ics", views.public_calendar, name="public-calendar"),
    path("calendar/mine/<str:token>.ics", views.member_calendar, name="member-calendar"),
    path("calendar/mine/reset/", views.member_calendar_reset, name="member-calendar-reset"),
    path("documents/<int:pk>/download/", views.document_download, name="document-download"),
    path("<slug:slug>/", views.event_detail, name="event-detail"),
    path("<slug:slug>/event.ics", views.event_ics, name="event-ics"),
    path("<slug:slug>/series.ics", views.series_calendar, name="series-calendar"),
    path("<slug:slug>/offline/", views.event_offline, name="event-offline"),
    path("<slug:slug>/notes/new/", views.note_create, name="note-create"),
    path("<slug:slug>/notes/<int:note_id>/", views.note_detail, name="note-detail"),
    path("<slug:slug>/notes/<int:note_id>/edit/", views.note_edit, name="note-edit"),
    path("<slug:slug>/notes/<int:note_id>/compare/", views.note_compare, name="note-compare"),
    path("<slug:slug>/notes/<int:note_id>/final/", views.note_final, name="note-final"),
    path(
        "<slug:slug>/notes/<int:note_id>/restore/<int:version_id>/",
        views.note_restore,
        name="note-restore",
    ),
    path("<slug:slug>/register/", views.event_register, name="event-register"),
    path("<slug:slug>/cancel/", views.event_registration_cancel, name="event-cancel"),
    path("<slug:slug>/polls/<int:poll_id>/vote/", views.poll_vote, name="poll-vote"),
    path("<slug:slug>/evaluate/", views.event_evaluate, name="event-evaluate"),
    path("<slug:slug>/attendance/", views.event_attendance, name="event-attendance"),
]
