from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("<int:pk>/", views.profile, name="profile"),
]
