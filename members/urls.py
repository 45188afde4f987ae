from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("handles/", views.handle_suggestions, name="handles"),
    path("<int:pk>/", views.profile, name="profile"),
    path("<int:pk>/edit/", views.profile_edit_for, name="profile-edit-for"),
    path("me/", views.dashboard, name="dashboard"),
    path("me/edit/", views.profile_edit, name="profile-edit"),
    path("me/export/", views.export_data, name="export"),
    path("me/delete/", views.delete_account, name="delete"),
]
