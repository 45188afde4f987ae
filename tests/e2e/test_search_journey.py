"""Issue 20's browser journey: a member searches from the header in English and French,
filters the results by type, and opens one, with and without JavaScript; the results page at
360 and 1280 px scrolls only downwards and keeps the header compact."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import pgettext
from playwright.sync_api import expect

from cop_portal.models import GlossaryTerm
from discussions.tests.factories import RoomFactory, make_topic
from events.tests.factories import EventFactory
from evidence.tests.factories import EvidenceItemFactory
from members.tests.factories import PASSWORD, MemberFactory
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR, "artifacts", "screenshots")
QUERY = {"en": "mobile money", "fr": "monnaie mobile"}
WANTED = {"en": "Paying community health workers by mobile money in Kenya",
          "fr": "Payer les agents de santé communautaires par mobile money au Kenya"}  # fmt: skip
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _community() -> None:
    # Transactional tests flush the seeded glossary: the term the journey relies on.
    GlossaryTerm.objects.get_or_create(
        english="mobile money\nmobile payment", french="monnaie mobile\npaiement mobile"
    )
    EvidenceItemFactory(
        title_en=WANTED["en"], title_fr=WANTED["fr"], area="curating",
        summary_en="An evaluation of paying by mobile money in three counties.",
        summary_fr="Une évaluation du paiement par mobile money dans trois comtés.",
    )  # fmt: skip
    make_topic(room=RoomFactory(slug="payments"), title="Mobile money for vaccinators",
               body="Which operator pays campaign workers fastest by mobile money?")  # fmt: skip
    EventFactory(title_en="Workshop on mobile money payroll",
                 title_fr="Atelier sur la paie par mobile money")  # fmt: skip
    MemberFactory(email="amina@example.org", display_name="Amina Diallo")


def _no_sideways_scroll(page) -> int:
    return page.evaluate(SIDEWAYS)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_member_searches_from_the_header_filters_by_type_and_opens_a_result(
    new_page, live_server, language, javascript
):
    _community()
    base = live_server.url
    page = new_page(javascript=javascript)
    log_in(page, base, "amina@example.org", PASSWORD)
    page.goto(f"{base}/{language}/")
    with translation.override(language):
        evidence = str(pgettext("search result type", "Evidence"))
        search_label = str(pgettext("button", "Search"))

    header = page.locator("form.header-search")
    header.get_by_role("searchbox").fill(QUERY[language])
    header.get_by_role("button", name=search_label).click()
    page.wait_for_url(re.compile(r"/search/\?q="))
    expect(page.locator("#results-heading")).to_contain_text("3")  # the topic, item, event
    expect(header.get_by_role("searchbox")).to_have_value(QUERY[language])

    page.locator("nav.search-facets").get_by_role("link", name=evidence).click()
    page.wait_for_url(re.compile(r"type=evidence"))
    expect(page.locator("#results-heading")).to_contain_text("1")
    result = page.locator("ol.search-results").get_by_role("link", name=WANTED[language])
    expect(result).to_be_visible()
    expect(page.locator(".search-snippet mark").first).to_be_visible()

    result.click()
    expect(page.locator("main h1")).to_have_text(WANTED[language])


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_results_page_fits_a_phone_and_a_desktop(browser, live_server, language):
    _community()
    base = live_server.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    url = f"{base}/{language}/search/?q={QUERY[language].replace(' ', '+')}"
    for width, height in ((360, 740), (1280, 800)):
        context = browser.new_context(viewport={"width": width, "height": height},
                                      locale="en-GB", device_scale_factor=1)  # fmt: skip
        page = context.new_page()
        page.goto(url)
        expect(page.locator("#results-heading")).to_be_visible()
        sideways = _no_sideways_scroll(page)
        heading_bottom = page.evaluate(
            "document.querySelector('main h1').getBoundingClientRect().bottom"
        )
        search_box = page.evaluate(
            "document.querySelector('form.header-search').getBoundingClientRect().height"
        )
        header_height = page.evaluate(
            "document.querySelector('.site-header').getBoundingClientRect().height"
        )
        page.screenshot(path=SCREENSHOTS / f"{language}-{width}-search.png", full_page=True)
        context.close()
        assert sideways == 0, f"{width} px: scrolls sideways by {sideways} px"
        assert heading_bottom < height
        # Compact: the search box is one line (on a phone, a line of its own), and at desktop
        # width it shares the navigation's line, so the header keeps its two lines.
        assert search_box <= 40, search_box
        if width == 1280:
            assert header_height <= 90, header_height
