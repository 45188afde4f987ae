import json

import bibtexparser
import pytest
import rispy
from django.urls import reverse

from evidence.models import EvidenceItem
from evidence.tests.factories import EvidenceItemFactory, in_status

pytestmark = pytest.mark.django_db
Status = EvidenceItem.Status


def _item(**kwargs):
    defaults = {
        "title_en": "Paying vaccinators by mobile money in Senegal",
        "title_fr": "Payer les vaccinateurs par mobile money au Sénégal",
        "authors": "Diallo, Aminata\nWorld Health Organization\nJean-Pierre Mbeki",
        "year": 2021,
        "doi": "10.1234/pay-2021",
        "url": "https://example.org/report",
        "publisher_name": "Ministère de la Santé",
        "kind": EvidenceItem.Kind.EVALUATION,
    }
    return EvidenceItemFactory(**{**defaults, **kwargs}, tags=["mobile money"])


def _get(client, name, *args, query=""):
    return client.get(reverse(f"evidence:{name}", args=args) + query)


def test_an_item_downloads_as_ris_that_zotero_reads_back(client, member):
    item = _item()
    client.force_login(member)
    response = _get(client, "item-export", item.pk, "ris")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    assert response["Content-Disposition"] == (
        f'attachment; filename="evidence-{item.pk}-paying-vaccinators-by-mobile-money-in-'
        'senegal.ris"'
    )
    [entry] = rispy.loads(response.content.decode())
    assert entry["title"] == "Paying vaccinators by mobile money in Senegal"
    assert entry["authors"][:1] == ["Diallo, Aminata"]
    assert "World Health Organization" in entry["authors"]
    assert "Mbeki, Jean-Pierre" in entry["authors"]
    assert entry["year"] == "2021"
    assert entry["doi"] == "10.1234/pay-2021"
    assert entry["urls"] == ["https://example.org/report"]
    assert entry["keywords"] == ["mobile money"]


def test_an_item_downloads_as_bibtex_with_authors_year_title_doi_and_url(client, member):
    item = _item()
    client.force_login(member)
    response = _get(client, "item-export", item.pk, "bib")
    assert response["Content-Type"].startswith("application/x-bibtex")
    assert response["Content-Disposition"].endswith('.bib"')
    library = bibtexparser.parse_string(response.content.decode())
    [entry] = library.entries
    fields = {field.key: field.value for field in entry.fields}
    title = fields["title"].replace("{", "").replace("}", "")
    assert title == "Paying vaccinators by mobile money in Senegal"
    assert fields["author"].startswith("Diallo, Aminata and {World Health Organization}")
    assert fields["year"] == "2021"
    assert fields["doi"] == "10.1234/pay-2021"
    assert fields["url"] == "https://example.org/report"


def test_an_item_downloads_as_csl_json(client, member):
    item = _item()
    client.force_login(member)
    response = _get(client, "item-export", item.pk, "json")
    assert response["Content-Type"].startswith("application/vnd.citationstyles.csl+json")
    [entry] = json.loads(response.content)
    assert entry["title"] == "Paying vaccinators by mobile money in Senegal"
    assert entry["author"][0] == {"family": "Diallo", "given": "Aminata"}
    assert entry["author"][1] == {"literal": "World Health Organization"}
    assert entry["DOI"] == "10.1234/pay-2021"
    assert entry["URL"] == "https://example.org/report"
    assert entry["issued"]["date-parts"][0][0] == 2021


def test_the_title_follows_the_readers_language(client, member):
    item = _item()
    client.force_login(member)
    response = client.get(f"/fr/evidence/{item.pk}/cite.ris")
    [entry] = rispy.loads(response.content.decode())
    assert entry["title"] == "Payer les vaccinateurs par mobile money au Sénégal"


def test_the_guideline_kind_exports_as_a_report_with_its_genre(client, member):
    item = _item(kind=EvidenceItem.Kind.GUIDELINE)
    client.force_login(member)
    [entry] = json.loads(_get(client, "item-export", item.pk, "json").content)
    assert entry["type"] == "report"
    assert entry["genre"] == "Guideline or tool"


def test_a_member_cannot_export_an_unpublished_item(client, member):
    item = in_status(Status.REVIEW, title_en="A draft under review")
    client.force_login(member)
    assert _get(client, "item-export", item.pk, "ris").status_code == 404


def test_the_steering_committee_can_export_a_draft(client, steering):
    item = in_status(Status.DRAFT, title_en="A draft under review")
    client.force_login(steering)
    assert _get(client, "item-export", item.pk, "bib").status_code == 200


def test_an_unknown_format_is_not_found(client, member):
    item = _item()
    client.force_login(member)
    assert _get(client, "item-export", item.pk, "docx").status_code == 404
    assert _get(client, "list-export", "docx").status_code == 404


def test_the_list_export_applies_the_librarys_filters_and_hides_drafts(client, member):
    _item(title_en="Paying vaccinators in Senegal", countries=["SN"])
    _item(title_en="Insurance claims in Kenya", countries=["KE"], doi="")
    in_status(Status.DRAFT, title_en="A Senegalese draft", countries=["SN"])
    client.force_login(member)
    response = _get(client, "list-export", "ris", query="?country=SN")
    assert response["Content-Disposition"] == 'attachment; filename="evidence-library.ris"'
    titles = [entry["title"] for entry in rispy.loads(response.content.decode())]
    assert titles == ["Paying vaccinators in Senegal"]


@pytest.mark.parametrize("size", [10, 300])
def test_the_list_export_runs_a_fixed_number_of_queries(
    client, member, django_assert_num_queries, size
):
    items = EvidenceItemFactory.create_batch(size, authors="Diallo, Aminata")
    for item in items[:5]:
        item.tags.add("mobile money")
    client.force_login(member)
    # The session, the member, their groups, the items, their tags.
    with django_assert_num_queries(5):
        response = _get(client, "list-export", "bib")
    assert len(bibtexparser.parse_string(response.content.decode()).entries) == size
