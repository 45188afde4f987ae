"""The one facet and pagination module, seen through the pages that use it."""

import pytest
from django.core.paginator import Paginator
from django.http import QueryDict
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from cop_portal.filters import collated, collation_key
from members import selectors
from members.forms import MemberDirectoryFilter
from members.tests.factories import MemberFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_french_collation_ignores_accents_and_case_first():
    names = ["Suisse", "Nigeria", "Éthiopie", "Sénégal", "Népal", "États-Unis", "Espagne"]
    assert collated(names) == [
        "Espagne",
        "États-Unis",
        "Éthiopie",
        "Népal",
        "Nigeria",
        "Sénégal",
        "Suisse",
    ]
    assert collated(["Anke Müller", "Aïssata Traoré", "œuvre", "Oeil"]) == [
        "Aïssata Traoré",
        "Anke Müller",
        "Oeil",
        "œuvre",
    ]
    # Accents only break ties, in a stable way.
    assert collation_key("Eric") < collation_key("Éric")


def _option_labels(response, facet: str) -> list[str]:
    groups = {group.name: group for group in response.context["facet_groups"]}
    return [option.label for option in groups[facet].options]


def test_french_directory_sorts_countries_and_cards_by_french_collation(client, member):
    client.force_login(member)  # a programme manager in Kenya
    for name, country in [
        ("Anke Müller", "NG"),
        ("Aïssata Traoré", "NP"),
        ("Zoé Martin", "US"),
        ("Émile Ndiaye", "SN"),
        ("Eric Blanc", "CH"),
        ("Fatou Sow", "ET"),
    ]:
        MemberFactory(display_name=name, country=country)
    response = client.get("/fr/members/")
    assert _option_labels(response, "country") == [
        "États-Unis d'Amérique",
        "Éthiopie",
        "Kenya",
        "Népal",
        "Nigeria",
        "Sénégal",
        "Suisse",
    ]
    names = [person.display_name for person in response.context["page"]]
    assert names.index("Aïssata Traoré") < names.index("Anke Müller")
    assert names.index("Émile Ndiaye") < names.index("Eric Blanc") < names.index("Fatou Sow")
    html = response.content.decode()
    assert html.index("Aïssata Traoré") < html.index("Anke Müller")
    assert html.index(">Népal (1)<") < html.index(">Nigeria (1)<")


def test_french_organisation_directory_sorts_names_and_countries(client):
    OrganisationFactory(name="Zeta Santé", slug="zeta", based_in="NG")
    OrganisationFactory(name="Énergie Santé", slug="energie", based_in="CH", active_in=["NP"])
    OrganisationFactory(name="Agence Ouest", slug="agence", based_in="SN", active_in=["US"])
    response = client.get("/fr/organisations/")
    assert [org.name for org in response.context["page"]] == [
        "Agence Ouest",
        "Énergie Santé",
        "Zeta Santé",
    ]
    assert _option_labels(response, "country") == [
        "États-Unis d'Amérique",
        "Népal",
        "Nigeria",
        "Sénégal",
        "Suisse",
    ]


def test_organisation_countries_are_counted_with_the_other_filters_applied(client):
    OrganisationFactory(name="Ministère", slug="m", kind="ministry", based_in="SN")
    OrganisationFactory(name="Fonds", slug="f", kind="funder", based_in="SN", active_in=["ML"])
    OrganisationFactory(name="Banque", slug="b", kind="funder", based_in="ML", active_in=["ML"])
    response = client.get("/en/organisations/?kind=funder")
    assert [org.name for org in response.context["page"]] == ["Banque", "Fonds"]
    groups = {group.name: group for group in response.context["facet_groups"]}
    assert {o.value: o.count for o in groups["country"].options} == {"ML": 2, "SN": 1}
    assert {o.value: o.count for o in groups["kind"].options if o.count} == {
        "ministry": 1,
        "funder": 2,
    }
    response = client.get("/en/organisations/?country=ML")
    assert [org.name for org in response.context["page"]] == ["Banque", "Fonds"]


def test_organisation_directory_ignores_unknown_values_and_bad_pages(client):
    OrganisationFactory(name="Healthix", slug="healthix")
    for query in ["kind=wizard&country=XX", "page=abc", "page=-3", "page=99999", "q=%00"]:
        response = client.get(f"/en/organisations/?{query}")
        assert response.status_code == 200, query
        assert "Healthix" in response.content.decode(), query


def test_clear_links_drop_one_facet_or_all_and_keep_the_rest(client, member):
    client.force_login(member)
    response = client.get("/en/members/?q=a&role=funder&country=KE&page=2")
    groups = {group.name: group for group in response.context["facet_groups"]}
    assert groups["role"].active and groups["role"].clear_url == "?q=a&country=KE"
    assert groups["country"].clear_url == "?q=a&role=funder"
    assert not groups["kind"].active
    html = response.content.decode()
    assert 'href="?q=a&amp;country=KE"' in html
    assert 'aria-label="Clear the filter “Role”"' in html
    assert response.context["filterset"].clear_all_url == "?"


@pytest.mark.parametrize("count", [3, 40])
def test_each_facet_counts_in_one_query(member, count, django_assert_num_queries):
    for n in range(count):
        MemberFactory(country=["SN", "ML"][n % 2]).interests.set(["mobile money", f"t{n % 3}"])
    queryset = selectors.member_directory(viewer=member)
    filterset = MemberDirectoryFilter(QueryDict("role=programme_manager"), queryset=queryset)
    filterset.facet_groups()  # the content type of Member is cached once per process
    with django_assert_num_queries(5):  # role, country, kind, language, interest
        groups = filterset.facet_groups()
    counts = {group.name: {o.value: o.count for o in group.options} for group in groups}
    assert counts["country"] == {"KE": 1, "ML": count // 2, "SN": count - count // 2}
    assert counts["interest"]["mobile money"] == count


def test_pagination_include_keeps_the_query_string_without_page():
    request = RequestFactory().get("/rooms/x/", {"q": "santé", "sort": "new", "page": "3"})
    page = Paginator(range(100), 10).get_page(3)
    with translation.override("en"):
        html = Template('{% include "includes/pagination.html" %}').render(
            Context({"request": request, "page": page})
        )
    assert 'href="?q=sant%C3%A9&amp;sort=new&amp;page=2"' in html
    assert 'href="?q=sant%C3%A9&amp;sort=new&amp;page=4"' in html
    assert "Page 3 of 10" in html


@pytest.mark.django_db
def test_organisation_search_finds_either_language_name(client):
    from members.tests.factories import OrganisationFactory

    OrganisationFactory(
        name_en="Ministry of Health, Chad", name_fr="Ministère de la Santé du Tchad"
    )
    for language, query in (("en", "Ministère"), ("fr", "Ministry"), ("fr", "Tchad")):
        response = client.get(f"/{language}/organisations/", {"q": query})
        assert "Tchad" in response.text or "Chad" in response.text, (language, query)


@pytest.mark.django_db
def test_a_free_value_nobody_has_is_shown_selected_with_no_matches_not_an_error(client, member):
    """An interest no member has (typed into the URL, or left over from a shared link) used
    to answer 500: the facet looked up choices that a free-text filter does not have."""
    MemberFactory(country="KE").interests.set(["mobile money"])
    client.force_login(member)
    response = client.get("/en/members/", {"interest": "nobody-has-this", "country": "KE"})
    assert response.status_code == 200
    assert "nobody-has-this" in response.text
