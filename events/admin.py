"""Admin for the event record: an organiser builds an event with its sessions, organisations,
outcomes, action items, documents and polls on one page, translations in tabs."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TabbedDjangoJqueryTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from events.models import (
    ActionItem,
    Document,
    Evaluation,
    Event,
    EventSession,
    OrganisationRole,
    Outcome,
    Participation,
    Poll,
    PollOption,
)
from events.permissions import can_promote_documents
from events.services import (
    NotPromotable,
    document_file_describe,
    document_promote,
    event_calendar_revise,
)

# Links typed without a scheme are https (Django 6 makes it the default; saying so now keeps
# the admin free of the transitional warning).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class SessionInline(TranslationStackedInline):
    formfield_overrides = HTTPS_URLS
    model = EventSession
    extra = 0
    fields = ["order", "starts_at", "ends_at", "title", "speaker", "talk_minutes", "agenda",
              "activity", "summary"]  # fmt: skip


class OrganisationRoleInline(admin.TabularInline):
    formfield_overrides = HTTPS_URLS
    model = OrganisationRole
    extra = 0
    autocomplete_fields = ["organisation"]


class OutcomeInline(TranslationTabularInline):
    formfield_overrides = HTTPS_URLS
    model = Outcome
    extra = 0


class ActionItemInline(TranslationTabularInline):
    formfield_overrides = HTTPS_URLS
    model = ActionItem
    extra = 0
    raw_id_fields = ["owner"]


class DocumentInline(admin.TabularInline):
    formfield_overrides = HTTPS_URLS
    model = Document
    extra = 0
    fields = ["kind", "title", "session", "file", "link"]


class PollInline(TranslationTabularInline):
    formfield_overrides = HTTPS_URLS
    model = Poll
    extra = 0
    show_change_link = True
    fields = ["question", "max_choices", "participants_only", "closes_at"]


@admin.register(Event)
class EventAdmin(TabbedDjangoJqueryTranslationAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["title", "kind", "status", "visibility", "starts_at", "time_zone", "parent"]
    list_filter = ["kind", "status", "visibility", "area"]
    search_fields = ["title_en", "title_fr"]
    prepopulated_fields = {"slug": ["title_en"]}
    filter_horizontal = ["organisers"]
    date_hierarchy = "starts_at"
    inlines = [SessionInline, OrganisationRoleInline, OutcomeInline, ActionItemInline,
               DocumentInline, PollInline]  # fmt: skip

    def save_model(self, request, obj, form, change):
        if change:
            event_calendar_revise(event=obj, changed_fields=form.changed_data)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is Document:
            for document in formset.save(commit=False):
                document_file_describe(document)
                document.save()
            for document in formset.deleted_objects:
                document.delete()
            return
        super().save_formset(request, form, formset, change)


class PollOptionInline(TranslationTabularInline):
    model = PollOption
    extra = 2


@admin.register(Poll)
class PollAdmin(TabbedDjangoJqueryTranslationAdmin):
    list_display = ["question", "event", "max_choices", "closes_at"]
    raw_id_fields = ["event"]
    inlines = [PollOptionInline]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["member", "event", "status", "attended", "listed"]
    list_filter = ["status", "attended"]
    raw_id_fields = ["member", "event"]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["event", "rating", "created_at"]
    raw_id_fields = ["member", "event"]


@admin.action(description=_("Promote to the evidence library as a presentation"))
def promote_to_library(modeladmin, request, queryset):
    """Each selected document becomes a draft presentation in the library, once: a document
    promoted before keeps its item."""
    if not can_promote_documents(request.user):
        modeladmin.message_user(
            request,
            _("Only the Steering committee and staff promote documents."),
            messages.ERROR,
        )
        return
    made = 0
    for document in queryset.order_by("pk"):
        if document.library_url:
            continue
        try:
            document_promote(document=document, by=request.user)
        except (PermissionDenied, NotPromotable) as error:
            modeladmin.message_user(request, str(error) or _("Not promoted."), messages.ERROR)
            return
        made += 1
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d document is now a draft in the evidence library.",
            "%(count)d documents are now drafts in the evidence library.",
            made,
        )
        % {"count": made},
        messages.SUCCESS,
    )


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """The documents of every event, for promoting slides to the evidence library."""

    list_display = ["title", "event", "kind", "in_library"]
    list_filter = ["kind"]
    search_fields = ["title", "event__title_en", "event__title_fr"]
    raw_id_fields = ["event", "session"]
    fields = ["event", "session", "kind", "title", "file", "link"]
    actions = [promote_to_library]

    @admin.display(description=_("in the evidence library"))
    def in_library(self, obj):
        if not obj.library_url:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.library_url, _("Library item"))

    def save_model(self, request, obj, form, change):
        document_file_describe(obj)
        super().save_model(request, obj, form, change)
