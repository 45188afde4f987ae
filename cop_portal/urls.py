from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from cop_portal import i18n, pages
from cop_portal.health import health
from cop_portal.search.views import search
from events.views import event_list
from evidence import views as evidence_views
from members import views as member_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health, name="health"),
    path("language/", i18n.switch_language, name="switch-language"),
]

urlpatterns += i18n_patterns(
    path("", pages.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("contact/", pages.contact, name="contact"),
    path("", include("discussions.urls")),
    path("evidence/", evidence_views.library, name="evidence"),  # the nav's link
    path("evidence/", include("evidence.urls")),
    path("events/", event_list, name="events"),
    path("events/", include("events.urls")),
    # One-click unsubscribe sits with the digest (DESIGN's URL map); members owns the setting.
    path("digest/unsubscribe/<str:token>/", member_views.unsubscribe, name="unsubscribe"),
    path("members/", include("members.urls")),
    path("organisations/", include("members.urls_organisations")),
    path("digest/", include("digests.urls")),
    path("search/", search, name="search"),
)

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
