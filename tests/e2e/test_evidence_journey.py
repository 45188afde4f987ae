"""Issue 17's browser journey: a member finds an item by area, country and tag in English and
French, opens it, exports the list as BibTeX and suggests an item, with and without
JavaScript; the library, an item and the map at 360 and 1280 px scroll only downwards."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import pgettext
from playwright.sync_api import expect

from discussions.tests.factories import make_topic
from evidence.models import EvidenceItem
from evidence.tests.factories import EvidenceItemFactory
from members.tests.factories import PASSWORD, MemberFactory
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR, "artifacts", "screenshots")
WANTED = {"en": "Paying community health workers by mobile money in Kenya",
          "fr": "Payer les agents de santé communautaires par mobile money au Kenya"}  # fmt: skip
SUGGESTED = "Digital per diems for polio campaign workers in Malawi"


def _library() -> EvidenceItem:
    item = EvidenceItemFactory(
        title_en=WANTED["en"], title_fr=WANTED["fr"], area="curating", countries=["KE"],
        kind=EvidenceItem.Kind.EVALUATION, year=2022, authors="Wanjiru, Grace\nOtieno, Paul",
        tags=["mobile money"],
    )  # fmt: skip
    EvidenceItemFactory(title_en="Same area, other country", title_fr="Même domaine, autre pays",
                        area="curating", countries=["SN"], tags=["mobile money"])  # fmt: skip
    EvidenceItemFactory(title_en="Same country, other area", title_fr="Même pays, autre domaine",
                        area="mapping", countries=["KE"], tags=["mobile money"])  # fmt: skip
    EvidenceItemFactory(title_en="Same place, other tag", title_fr="Même lieu, autre étiquette",
                        area="curating", countries=["KE"], tags=["openIMIS"])  # fmt: skip
    make_topic(title="Which operator pays fastest?", body=f"See /en/evidence/{item.pk}/ first.")
    return item


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_member_finds_an_item_exports_the_list_and_suggests_one(
    new_page, live_server, language, javascript
):
    item = _library()
    MemberFactory(email="amina@example.org", display_name="Amina Diallo")
    base = live_server.url
    page = new_page(javascript=javascript)
    log_in(page, base, "amina@example.org", PASSWORD)

    page.goto(f"{base}/{language}/evidence/")
    with translation.override(language):
        curating = str(pgettext("topical area", "Curating"))
    page.locator("nav.subnav").get_by_role("link", name=curating).click()
    page.wait_for_url(re.compile(r"area=curating"))
    page.select_option("#id_country", "KE")
    page.select_option("#id_tag", "mobile money")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"country=KE.*tag=mobile"))
    results = page.locator("ul.evidence-list")
    expect(results.get_by_role("link", name=WANTED[language])).to_be_visible()
    assert results.locator("li.evidence-card").count() == 1

    with page.expect_download() as download:
        page.locator(".cite-links").get_by_role("link", name="BibTeX").click()
    bibtex = Path(download.value.path()).read_text(encoding="utf-8")
    assert bibtex.count("@") == 1 and "2022" in bibtex and "Wanjiru" in bibtex

    results.get_by_role("link", name=WANTED[language]).click()
    page.wait_for_url(re.compile(rf"/{language}/evidence/{item.pk}/$"))
    assert page.locator("h1").inner_text() == WANTED[language]
    expect(page.get_by_role("link", name="Which operator pays fastest?")).to_be_visible()

    page.goto(f"{base}/{language}/evidence/suggest/")
    page.locator("#id_title").fill(SUGGESTED)
    page.locator("#id_url").fill("https://example.org/malawi-per-diems")
    page.select_option("#id_area", "mapping")
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url(f"{base}/{language}/evidence/")
    suggestion = EvidenceItem.objects.get(url="https://example.org/malawi-per-diems")
    assert suggestion.status == EvidenceItem.Status.REVIEW  # in the review queue
    assert SUGGESTED in (suggestion.title_en, suggestion.title_fr)
    assert suggestion.suggested_by.email == "amina@example.org"


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [360, 1280])
def test_library_item_and_map_scroll_only_downwards(browser, live_server, language, width):
    item = _library()
    MemberFactory(email="amina@example.org")
    context = browser.new_context(
        viewport={"width": width, "height": 800}, locale="en-GB", device_scale_factor=1
    )
    page = context.new_page()
    log_in(page, live_server.url, "amina@example.org", PASSWORD)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = {
        "evidence-library": f"/{language}/evidence/?area=curating&country=KE",
        "evidence-item": f"/{language}/evidence/{item.pk}/",
        "evidence-map": f"/{language}/evidence/map/",
        "evidence-suggest": f"/{language}/evidence/suggest/",
    }
    wide = []
    for name, path in pages.items():
        page.goto(live_server.url + path)
        assert page.evaluate("getComputedStyle(document.body).margin") == "0px", "no stylesheet"
        page.screenshot(path=SCREENSHOTS / f"{language}-{width}-{name}.png", full_page=True)
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            wide.append(f"{name}: {scroll} > {client} px")
    context.close()
    assert wide == []
