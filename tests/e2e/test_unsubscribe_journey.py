"""A member stops an email from its footer, on a phone, without logging in and without
JavaScript: the link asks, the button stops it, the page says what changed in their
language. Screenshots at 360 px go to artifacts/screenshots/."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from members.models import Member
from members.tests.factories import MemberFactory
from members.unsubscribe import unsubscribe_url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR, "artifacts", "screenshots")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_member_stops_the_digest_from_the_emails_link_on_a_phone(live_server, new_page, language):
    member = MemberFactory(preferred_language=language)
    link = unsubscribe_url(member, "digest").replace(settings.SITE_URL, live_server.url)
    page = new_page(javascript=False)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(link)
    question = {"en": "Stop the weekly digest?", "fr": "Arrêter le résumé hebdomadaire\u202f?"}
    expect(page.get_by_role("heading", name=question[language])).to_be_visible()
    assert Member.objects.get(pk=member.pk).email_digest  # asking changed nothing
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"unsubscribe_ask_{language}_360.png", full_page=True)

    page.get_by_role("button", name={"en": "Unsubscribe", "fr": "Se désabonner"}[language]).click()
    said = {
        "en": "You will no longer receive the weekly digest.",
        "fr": "Vous ne recevrez plus le résumé hebdomadaire.",
    }
    expect(page.get_by_text(said[language])).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=SCREENSHOTS / f"unsubscribe_done_{language}_360.png", full_page=True)
    assert not Member.objects.get(pk=member.pk).email_digest
