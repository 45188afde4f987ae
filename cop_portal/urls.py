from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from cop_portal import views
from cop_portal.health import health

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health, name="health"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("contact/", views.contact, name="contact"),
    path("", include("discussions.urls")),
    path("evidence/", views.coming, {"section": "evidence"}, name="evidence"),
    path("events/", views.coming, {"section": "events"}, name="events"),
    path("members/", include("members.urls")),
    path("organisations/", include("members.urls_organisations")),
    path("search/", views.coming, {"section": "search"}, name="search"),
)

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
