import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from cop_portal.filters import CharFacet, ChoiceFacet, FacetFilterSet, FacetGroup
from evidence import selectors
from evidence.models import AREA_CHOICES, EvidenceItem
from evidence.services import validate_evidence_file

# Facets over plain columns, counted together (LibraryFilter.facet_groups).
TOGETHER = ("area", "kind", "quality", "language")

SORTS = {
    "newest": ("-published_at", "-pk"),
    "title": ("title", "pk"),
    "year": ("-year", "-published_at", "-pk"),
}


def _country_options(counts):
    return [(code, countries.name(code)) for code in counts]


def _search(queryset, _name, value):
    return queryset.filter(
        Q(title_en__icontains=value)
        | Q(title_fr__icontains=value)
        | Q(authors__icontains=value)
        | Q(summary_en__icontains=value)
        | Q(summary_fr__icontains=value)
    )


class _Counted(dict):
    """Counts already made for several facets at once (LibraryFilter.facet_groups)."""


def _counted_together(name: str):
    """A facet's count: taken from the counts made together, or counted alone."""

    def count(queryset) -> dict[str, int]:
        if isinstance(queryset, _Counted):
            return queryset[name]
        return selectors.facet_counts(queryset, [name])[name]

    return count


def _year_bound(lookup):
    return lambda queryset, _name, value: queryset.filter(**{f"year__{lookup}": value})


class LibraryFilter(FacetFilterSet):
    """The library's filters, in the URL; the facets are counted."""

    facets = ("area", "kind", "country", "language", "tag", "quality")

    q = django_filters.CharFilter(label=_("Search"), max_length=100, method=_search)
    area = ChoiceFacet(label=pgettext_lazy("topical area", "Area"), choices=AREA_CHOICES,
                       count=_counted_together("area"))  # fmt: skip
    kind = ChoiceFacet(label=_("Kind"), choices=EvidenceItem.Kind.choices,
                       count=_counted_together("kind"))  # fmt: skip
    country = ChoiceFacet(
        label=_("Country"),
        choices=lambda: list(countries),
        method=lambda qs, _name, value: qs.filter(countries__contains=value),
        count=selectors.country_counts,
        options=_country_options,
        collate=True,
        hide_empty=True,
    )
    language = ChoiceFacet(
        label=_("Language of the document"),
        choices=EvidenceItem.Language.choices,
        method=lambda qs, _name, value: qs.filter(languages__contains=f",{value},"),
        count=_counted_together("language"),
    )
    tag = CharFacet(
        label=_("Tag"),
        max_length=100,
        method=lambda qs, _name, value: qs.filter(pk__in=selectors.tagged_ids(value)),
        count=selectors.tag_counts,
    )
    quality = ChoiceFacet(label=_("Strength of evidence"), choices=EvidenceItem.Quality.choices,
                          count=_counted_together("quality"))  # fmt: skip
    year_from = django_filters.NumberFilter(
        label=_("From year"), method=_year_bound("gte"), min_value=1900, max_value=2100
    )
    year_to = django_filters.NumberFilter(
        label=_("To year"), method=_year_bound("lte"), min_value=1900, max_value=2100
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[("newest", _("Newest")), ("title", _("Title")), ("year", _("Year"))],
        method=lambda qs, _name, value: qs.order_by(*SORTS[value]),
        empty_label=None,
    )

    def facet_groups(self) -> list[FacetGroup]:
        """As FacetFilterSet's, but the area, kind, quality and language facets not in force
        all count the same list (every filter applied), so they are counted in one query:
        one pass over the library instead of four (issue 17's p95 under 100 ms)."""
        active = self.active
        together = [name for name in TOGETHER if name not in active]
        counted = _Counted(selectors.facet_counts(self.qs, together))
        return [
            FacetGroup(
                name=name,
                label=str(self.filters[name].label),
                options=self.filters[name].facet_options(
                    counted if name in together else self.filtered(skip=name),
                    active.get(name, ""),
                ),
                clear_url=self.url_without(name),
                active=name in active,
            )
            for name in self.facets
        ]


class MapFilter(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All"))] + EvidenceItem.Kind.choices, required=False
    )
    year_from = forms.IntegerField(label=_("From year"), required=False, min_value=1900,
                                   max_value=2100)  # fmt: skip
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=1900,
                                 max_value=2100)  # fmt: skip


class SuggestForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    url = forms.URLField(label=_("Link"), required=False, max_length=500,
                         assume_scheme="https")  # fmt: skip
    file = forms.FileField(
        label=_("Or a file"),
        required=False,
        help_text=_("PDF, Office or OpenDocument, at most 25 MB."),
    )
    area = forms.ChoiceField(label=pgettext_lazy("topical area", "Area"), choices=AREA_CHOICES)
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceItem.Kind.choices,
                             initial=EvidenceItem.Kind.REPORT)  # fmt: skip
    countries = forms.MultipleChoiceField(
        label=_("Countries"), choices=lambda: list(countries), required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )  # fmt: skip
    note = forms.CharField(
        label=_("Short note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why it matters, or where it comes from."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_evidence_file(upload)
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("url") and not data.get("file") and not self.has_error("file"):
            raise forms.ValidationError(_("Give a link to the document or upload its file."))
        return data


class EvidenceItemAdminForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("Upload a file"),
        required=False,
        help_text=_("PDF, Office or OpenDocument, at most 25 MB."),
    )
    document_languages = forms.MultipleChoiceField(
        label=_("Languages of the document"),
        choices=EvidenceItem.Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    url = forms.URLField(label=_("link"), max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = EvidenceItem
        fields = [
            "title", "summary", "key_findings", "area", "kind", "authors", "publisher",
            "publisher_name", "year", "date", "countries", "url", "doi", "licence", "quality",
            "quality_note", "tags", "featured", "curated_by", "suggested_by",
            "suggestion_note", "expected_completion", "contact", "payer", "payer_name",
            "payment_provider", "channel", "programme", "people_paid", "period_start",
            "period_end", "what_worked", "what_did_not",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["document_languages"] = self.instance.language_list

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            validate_evidence_file(upload)
        return upload

    def clean_doi(self):
        doi = self.cleaned_data.get("doi", "").strip()
        for prefix in ("https://doi.org/", "http://doi.org/", "http://dx.doi.org/", "doi:"):
            if doi.lower().startswith(prefix):
                doi = doi[len(prefix) :]
        return doi

    def clean(self):
        data = super().clean()
        codes = data.get("document_languages") or []
        self.instance.languages = f",{','.join(codes)}," if codes else ""
        return data


IMPORT_MAX_BYTES = 10 * 1024 * 1024


class CitationUploadForm(forms.Form):
    """The admin import's first step: a RIS or BibTeX file and the area its items go in."""

    file = forms.FileField(
        label=_("RIS or BibTeX file"),
        help_text=_("As Zotero, Mendeley, EndNote or JabRef export it; at most 10 MB."),
    )
    area = forms.ChoiceField(label=pgettext_lazy("topical area", "Area"), choices=AREA_CHOICES)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."), code="too_big")
        return upload


class CitationConfirmForm(forms.Form):
    """The second step: the file read at the first, signed so that it comes back unchanged."""

    payload = forms.CharField(widget=forms.HiddenInput)
