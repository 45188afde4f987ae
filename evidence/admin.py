"""Curation in admin: tabbed translations, filters for missing translations, bulk status
actions through the services (only the Steering committee publishes or archives), the
status history on each item, and the review queue."""

from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries
from modeltranslation.admin import TabbedDjangoJqueryTranslationAdmin

from evidence import citations, permissions, services
from evidence.forms import CitationConfirmForm, CitationUploadForm, EvidenceItemAdminForm
from evidence.models import EvidenceItem, ItemInReview, StatusChange

Status = EvidenceItem.Status
IMPORT_SALT = "evidence.admin.import"
IMPORT_MAX_AGE = 2 * 60 * 60  # seconds between the preview and the confirmation


class CountryFilter(admin.SimpleListFilter):
    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        return list(countries)

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(countries__contains=self.value())
        return queryset


class MissingTranslationFilter(admin.SimpleListFilter):
    title = _("missing translation")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [("fr", _("Missing French")), ("en", _("Missing English"))]

    def queryset(self, request, queryset):
        code = self.value()
        if code in ("fr", "en"):
            return queryset.filter(
                Q(**{f"title_{code}": ""})
                | Q(**{f"title_{code}__isnull": True})
                | (~Q(summary_en="") & Q(**{f"summary_{code}": ""}))
                | (~Q(summary_fr="") & Q(**{f"summary_{code}": ""}))
            )
        return queryset


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    fields = ["changed_at", "from_status", "to_status", "changed_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("status history")

    def has_add_permission(self, request, obj=None):
        return False


def _status_action(status, description):
    def action(modeladmin, request, queryset):
        try:
            changed = services.items_change_status(items=queryset, status=status, by=request.user)
        except PermissionDenied as refusal:
            modeladmin.message_user(request, str(refusal), messages.ERROR)
            return
        modeladmin.message_user(
            request,
            ngettext("%(count)d item updated.", "%(count)d items updated.", len(changed))
            % {"count": len(changed)},
        )

    action.__name__ = f"make_{status}"
    action.short_description = description
    return action


@admin.action(description=_("Feature the selected items"))
def feature(modeladmin, request, queryset):
    count = services.items_feature(items=queryset, by=request.user)
    modeladmin.message_user(
        request,
        ngettext("%(count)d item updated.", "%(count)d items updated.", count) % {"count": count},
    )


@admin.register(EvidenceItem)
class EvidenceItemAdmin(TabbedDjangoJqueryTranslationAdmin):
    form = EvidenceItemAdminForm
    list_display = ["title", "area", "kind", "year", "status", "featured", "quality"]
    list_filter = ["status", "area", "kind", CountryFilter, MissingTranslationFilter,
                   "quality", "featured"]  # fmt: skip
    search_fields = ["title_en", "title_fr", "authors", "doi"]
    autocomplete_fields = ["publisher"]
    raw_id_fields = ["curated_by", "suggested_by"]
    readonly_fields = ["status", "published_at", "file_link", "created_at", "updated_at"]
    inlines = [StatusChangeInline]
    actions = [
        _status_action(Status.REVIEW, _("Send the selected items to review")),
        _status_action(Status.PUBLISHED, _("Publish the selected items")),
        _status_action(Status.ARCHIVED, _("Archive the selected items")),
        feature,
    ]
    fieldsets = [
        (None, {"fields": ["title", "summary", "key_findings", "area", "kind", "tags",
                           "status", "published_at", "featured"]}),
        (_("Source"), {"fields": ["authors", "publisher", "publisher_name", "year", "date",
                                  "countries", "document_languages", "url", "doi",
                                  "upload", "file_link", "licence"]}),
        (_("Appraisal"), {"fields": ["quality", "quality_note", "curated_by",
                                     "suggested_by", "suggestion_note"]}),
        (_("Ongoing research"), {"fields": ["expected_completion", "contact"]}),
        (_("Implementation experience"), {"fields": ["payer", "payer_name",
                                                     "payment_provider", "channel",
                                                     "programme", "people_paid",
                                                     "period_start", "period_end",
                                                     "what_worked", "what_did_not"]}),
    ]  # fmt: skip

    @admin.display(description=_("file"))
    def file_link(self, obj):
        if not obj.file:
            return "—"
        return f"{obj.file_name} ({obj.file_size} B)"

    def get_urls(self):
        urls = super().get_urls()
        if self.model is not EvidenceItem:
            return urls
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="evidence_evidenceitem_import"), *urls]

    def import_view(self, request):
        """Import a RIS or BibTeX file: upload, preview (duplicates flagged), confirm. The
        file read at the preview travels back signed in the form, never as a path."""
        if not permissions.can_import_citations(request.user):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import citations"),
        }
        if request.method == "POST" and "payload" in request.POST:
            return self._import_confirm(request, context)
        form = CitationUploadForm(request.POST or None, request.FILES or None)
        status = 200
        if request.method == "POST":
            status = 400
            if form.is_valid():
                upload = form.cleaned_data["file"]
                data = {
                    "name": upload.name,
                    "text": citations._decode(upload.read()),
                    "area": form.cleaned_data["area"],
                }
                try:
                    references = citations.parse_citations(data["text"], data["name"]).references
                except citations.CitationFileError as error:
                    form.add_error("file", error)
                else:
                    payload = signing.dumps(data, salt=IMPORT_SALT, compress=True)
                    context["rows"] = self._preview_rows(references)
                    context["new_count"] = sum(1 for row in context["rows"] if not row["reason"])
                    context["confirm_form"] = CitationConfirmForm(initial={"payload": payload})
                    status = 200
        context["form"] = form
        return TemplateResponse(request, "admin/evidence/import.html", context, status=status)

    def _preview_rows(self, references):
        duplicates = services.import_duplicates(references)
        reasons = {
            "doi": _("same DOI as an item in the library"),
            "title_year": _("same title and year as an item in the library"),
        }
        earlier = {
            "doi": _("same DOI as record %(number)s of this file"),
            "title_year": _("same title and year as record %(number)s of this file"),
        }
        kinds = dict(EvidenceItem.Kind.choices)
        rows = []
        for index, ref in enumerate(references):
            duplicate = duplicates.get(index)
            reason = ""
            if duplicate is not None and duplicate.earlier is not None:
                reason = earlier[duplicate.reason] % {"number": duplicate.earlier + 1}
            elif duplicate is not None:
                reason = reasons[duplicate.reason]
            kind = services.KIND_FROM_CITATION.get(ref.kind, EvidenceItem.Kind.REPORT)
            rows.append(
                {
                    "number": index + 1,
                    "title": ref.title,
                    "authors": "; ".join(str(author) for author in ref.authors),
                    "year": ref.year or "",
                    "doi": ref.doi,
                    "kind": kinds.get(kind, kind),
                    "reason": reason,
                }
            )
        return rows

    def _import_confirm(self, request, context):
        form = CitationConfirmForm(request.POST)
        try:
            if not form.is_valid():
                raise signing.BadSignature
            data = signing.loads(
                form.cleaned_data["payload"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE
            )
            references = citations.parse_citations(data["text"], data["name"]).references
        except (signing.BadSignature, citations.CitationFileError, KeyError, TypeError):
            self.message_user(
                request, _("The import expired or was altered: upload the file again."),
                messages.ERROR,
            )  # fmt: skip
            return redirect("admin:evidence_evidenceitem_import")
        created = services.items_import(
            references=references, curator=request.user, area=data["area"]
        )
        skipped = len(references) - len(created)
        self.message_user(
            request,
            ngettext(
                "%(count)d draft created", "%(count)d drafts created", len(created)
            ) % {"count": len(created)}
            + ngettext(
                " (%(skipped)d duplicate skipped).", " (%(skipped)d duplicates skipped).", skipped
            ) % {"skipped": skipped},
        )  # fmt: skip
        return redirect(reverse("admin:evidence_evidenceitem_changelist") + "?status__exact=draft")

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import": permissions.can_import_citations(request.user),
        }
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("upload")
        if upload:
            services.item_attach_file(item=obj, upload=upload)
        if not change and obj.curated_by_id is None:
            obj.curated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ItemInReview)
class ItemInReviewAdmin(EvidenceItemAdmin):
    """The review queue: items in review, oldest first."""

    list_display = ["title", "area", "kind", "suggested_by", "created_at"]
    list_filter = ["area", "kind", MissingTranslationFilter]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=Status.REVIEW).order_by("created_at")

    def has_add_permission(self, request):
        return False
