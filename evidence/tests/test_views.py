import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence import services
from evidence.models import EvidenceItem
from evidence.tests.factories import EvidenceItemFactory, in_status
from evidence.tests.test_services import PDF

pytestmark = pytest.mark.django_db
Status = EvidenceItem.Status
Kind = EvidenceItem.Kind
LIBRARY = "/en/evidence/"


def _html(response) -> str:
    return response.content.decode()


def test_library_lists_published_items_only_for_members(client, member):
    EvidenceItemFactory(title_en="Paying vaccinators in Senegal")
    in_status(Status.REVIEW, title_en="A draft under review")
    client.force_login(member)
    html = _html(client.get(LIBRARY))
    assert "Paying vaccinators in Senegal" in html
    assert "A draft under review" not in html


def test_steering_committee_sees_every_status_in_the_library(client, steering):
    in_status(Status.REVIEW, title_en="A draft under review")
    client.force_login(steering)
    html = _html(client.get(LIBRARY))
    assert "A draft under review" in html
    assert "In review" in html


def test_facets_combine_in_the_url(client):
    EvidenceItemFactory(title_en="Senegal mapping", countries=["SN"], area="mapping")
    EvidenceItemFactory(title_en="Kenya mapping", countries=["KE"], area="mapping")
    EvidenceItemFactory(title_en="Senegal curating", countries=["SN"], area="curating")
    html = _html(client.get(LIBRARY, {"country": "SN", "area": "mapping"}))
    assert "Senegal mapping" in html
    assert "Kenya mapping" not in html and "Senegal curating" not in html
    assert "1 item found" in html


def test_library_filters_by_tag_year_range_language_and_quality(client):
    EvidenceItemFactory(title_en="Old", year=2015, tags=["mobile money"], quality="high")
    EvidenceItemFactory(title_en="New", year=2021, tags=["mobile money"], languages=",fr,")
    html = _html(client.get(LIBRARY, {"tag": "mobile money", "year_from": "2018"}))
    assert "New" in html and ">Old<" not in html
    assert "Old" in _html(client.get(LIBRARY, {"quality": "high"}))
    assert "1 item found" in _html(client.get(LIBRARY, {"language": "fr"}))


def test_unknown_facet_values_are_ignored_not_an_error(client):
    EvidenceItemFactory(title_en="Still listed")
    response = client.get(
        LIBRARY,
        {"kind": "podcast", "country": "ZZ", "year_from": "soon", "sort": "random",
         "tag": "nobody uses this tag"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Still listed" not in _html(response)  # the unknown tag matches nothing
    assert "Still listed" in _html(client.get(LIBRARY, {"kind": "podcast", "year_to": "x"}))


def test_library_sorts_by_title(client):
    EvidenceItemFactory(title_en="Zambia study")
    EvidenceItemFactory(title_en="Angola study")
    html = _html(client.get(LIBRARY, {"sort": "title"}))
    assert html.index("Angola study") < html.index("Zambia study")


def test_the_three_areas_are_the_first_navigation_in_french(client):
    html = _html(client.get("/fr/evidence/"))
    assert "Cartographie" in html and "Analyse et synthèse" in html and "Réseautage" in html
    assert "Bibliothèque de données probantes" in html


def test_item_page_shows_summary_in_the_readers_language_with_a_note_when_missing(client):
    item = EvidenceItemFactory(title_fr="", summary_fr="", title_en="Only in English")
    html = _html(client.get(f"/fr/evidence/{item.pk}/"))
    assert "Only in English" in html
    assert "(en anglais)" in html
    item_fr = EvidenceItemFactory(summary_fr="Résumé en français")
    assert "Résumé en français" in _html(client.get(f"/fr/evidence/{item_fr.pk}/"))


def test_unpublished_item_is_refused_to_visitors_and_members(client, member, steering):
    item = in_status(Status.REVIEW)
    url = reverse("evidence:item-detail", args=[item.pk])
    assert client.get(url).status_code == 302
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(steering)
    assert client.get(url).status_code == 200


def test_item_page_shows_related_items_and_the_cite_block(client):
    item = EvidenceItemFactory(title_en="Main", countries=["GH"], authors="Mensah, Ama\nWHO")
    EvidenceItemFactory(title_en="Same country", countries=["GH"])
    EvidenceItemFactory(title_en="Elsewhere", countries=["ML"])
    html = _html(client.get(item.get_absolute_url()))
    assert "Same country" in html and "Elsewhere" not in html
    assert "Mensah, Ama; WHO (2020)." in html


def _with_file(status, steering):
    item = services.item_suggest(
        member=steering,
        title="With a file",
        area="mapping",
        upload=SimpleUploadedFile("Étude finale.pdf", PDF),
    )
    if status != Status.REVIEW:
        services.item_change_status(item=item, status=status, by=steering)
    return item


def test_download_shows_size_and_type_and_serves_an_attachment(client, steering):
    item = _with_file(Status.PUBLISHED, steering)
    html = _html(client.get(item.get_absolute_url()))
    assert f"Download (PDF, {len(PDF)}" in html
    response = client.get(reverse("evidence:item-download", args=[item.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "%C3%89tude%20finale.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_files_of_unpublished_items_are_not_downloadable_by_non_staff(client, member, steering):
    item = _with_file(Status.REVIEW, steering)
    url = reverse("evidence:item-download", args=[item.pk])
    assert client.get(url).status_code == 302  # a visitor is asked to log in
    client.force_login(member)
    assert client.get(url).status_code == 404
    client.force_login(steering)
    assert client.get(url).status_code == 200


def test_member_suggests_evidence_and_it_arrives_in_review(client, member):
    client.force_login(member)
    response = client.post(
        "/en/evidence/suggest/",
        {"title": "Paying CHWs in Malawi", "url": "https://example.org/malawi",
         "area": "mapping", "kind": "report", "countries": ["MW"], "note": "A good one"},
    )  # fmt: skip
    assert response.status_code == 302
    item = EvidenceItem.objects.get()
    assert (item.status, item.suggested_by, item.suggestion_note) == (
        Status.REVIEW,
        member,
        "A good one",
    )


def test_a_suggestion_without_link_or_file_is_refused_keeping_what_was_typed(client, member):
    client.force_login(member)
    response = client.post(
        "/fr/evidence/suggest/", {"title": "Mon titre", "area": "mapping", "kind": "report"}
    )
    assert response.status_code == 400
    html = _html(response)
    assert "Donnez un lien vers le document ou téléversez son fichier." in html
    assert 'value="Mon titre"' in html
    assert not EvidenceItem.objects.exists()


def test_a_suggested_file_of_the_wrong_type_is_refused(client, member):
    client.force_login(member)
    response = client.post(
        "/en/evidence/suggest/",
        {"title": "T", "area": "mapping", "kind": "report",
         "file": SimpleUploadedFile("virus.exe", b"MZ\x90\x00")},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Files of this type are not accepted" in _html(response)
    assert not EvidenceItem.objects.exists()


def test_a_pending_member_cannot_suggest(client, pending):
    client.force_login(pending)
    assert client.get("/en/evidence/suggest/").status_code == 403


def test_a_visitor_is_asked_to_log_in_to_suggest(client):
    assert client.get("/en/evidence/suggest/").status_code == 302


def test_map_counts_published_items_by_country_and_area_and_links_to_the_library(client):
    EvidenceItemFactory(countries=["SN", "ML"], area="mapping", kind="report", year=2019)
    EvidenceItemFactory(countries=["SN"], area="networking", kind="dataset", year=2022)
    in_status(Status.REVIEW, countries=["KE"])
    html = _html(client.get("/en/evidence/map/"))
    assert "Senegal" in html and "Mali" in html and "Kenya" not in html
    assert "?country=SN&amp;area=mapping" in html
    filtered = _html(client.get("/en/evidence/map/", {"kind": "dataset"}))
    assert "Mali" not in filtered and "Senegal" in filtered
    assert "?kind=dataset&amp;country=SN&amp;area=networking" in filtered
    assert client.get("/en/evidence/map/", {"year_from": "x", "kind": "??"}).status_code == 200


def test_a_file_over_25_mb_is_refused_with_the_limit_named(client, member):
    client.force_login(member)
    big = SimpleUploadedFile("big.pdf", PDF[:-6] + b"\0" * (25 * 1024 * 1024) + b"%%EOF\n")
    response = client.post(
        "/fr/evidence/suggest/",
        {"title": "Gros rapport", "area": "mapping", "kind": "report", "file": big},
    )
    assert response.status_code == 400
    html = _html(response)
    assert "Le fichier est trop lourd" in html and "La limite est de 25,0" in html
    assert 'value="Gros rapport"' in html
    assert not EvidenceItem.objects.exists()


def test_a_pdf_renamed_docx_is_refused(client, member):
    client.force_login(member)
    response = client.post(
        "/en/evidence/suggest/",
        {"title": "T", "area": "mapping", "kind": "report",
         "file": SimpleUploadedFile("report.docx", PDF)},
    )  # fmt: skip
    assert response.status_code == 400
    assert "its content does not match its name" in _html(response)


def test_home_page_lists_the_latest_published_evidence_in_the_readers_language(client):
    EvidenceItemFactory(title_en="Paying vaccinators in Senegal", title_fr="Payer les vaccinateurs")
    in_status(Status.REVIEW, title_en="A draft under review")
    html = _html(client.get("/en/"))
    assert "Latest evidence" in html
    assert "Paying vaccinators in Senegal" in html
    assert "A draft under review" not in html
    assert "Payer les vaccinateurs" in _html(client.get("/fr/"))


def test_facets_counted_together_still_count_every_other_filter_but_their_own(client):
    EvidenceItemFactory(kind=Kind.REPORT, area="mapping", languages=",en,fr,")
    EvidenceItemFactory(kind=Kind.REPORT, area="curating", languages=",fr,")
    EvidenceItemFactory(kind=Kind.EVALUATION, area="mapping", languages=",en,")
    html = _html(client.get(LIBRARY))
    assert ">Report (2)<" in html and ">Evaluation (1)<" in html
    assert ">English (2)<" in html and ">French (2)<" in html
    html = _html(client.get(LIBRARY, {"kind": "report"}))
    assert ">Evaluation (1)<" in html  # its own filter left out
    assert ">Mapping (1)<" in html and ">Curating (1)<" in html
    assert ">English (1)<" in html and ">French (2)<" in html


def test_year_ranges_are_counted_with_the_other_filters_and_keep_them(client):
    from django.utils import timezone

    this_year = timezone.now().year
    EvidenceItemFactory(title_en="Recent Senegal", countries=["SN"], year=this_year - 1)
    EvidenceItemFactory(title_en="Older Senegal", countries=["SN"], year=this_year - 7)
    EvidenceItemFactory(title_en="Ancient Senegal", countries=["SN"], year=this_year - 30)
    EvidenceItemFactory(title_en="Recent Kenya", countries=["KE"], year=this_year)
    html = _html(client.get("/en/evidence/", {"country": "SN", "year_from": "1990"}))
    recent = f"{this_year - 4}\u2013{this_year}"
    assert f"{recent}</a> (1)" in html
    assert f"{this_year - 9}\u2013{this_year - 5}</a> (1)" in html
    assert f"{this_year - 20} or earlier</a> (1)" in html
    # The link keeps the country, replaces the typed range and goes back to the first page.
    assert f'href="?country=SN&amp;year_from={this_year - 4}&amp;year_to={this_year}"' in html
    followed = _html(
        client.get(
            "/en/evidence/", {"country": "SN", "year_from": this_year - 4, "year_to": this_year}
        )  # fmt: skip
    )
    assert "Recent Senegal" in followed
    assert "Older Senegal" not in followed
    assert "Recent Kenya" not in followed
    french = _html(client.get("/fr/evidence/", {"country": "SN"}))
    assert f"{this_year - 20} ou avant</a> (1)" in french
