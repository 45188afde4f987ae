from django.urls import path

from members import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_directory, name="directory"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
]
