from django.urls import path

from digests import views

app_name = "digests"

urlpatterns = [
    path("preview/", views.preview, name="preview"),
    path("preview/text/", views.preview_text, name="preview-text"),
]
