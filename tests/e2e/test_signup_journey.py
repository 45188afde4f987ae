import re

import pytest
from playwright.sync_api import expect

from members.models import Member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_newcomer_signs_up_verifies_logs_in_and_reads_french(page, live_server, mailoutbox):
    page.goto(f"{live_server.url}/en/")
    page.get_by_role("link", name="Sign up").first.click()

    page.get_by_label("Email").fill("kwame@example.org")
    page.get_by_label("Display name").fill("Kwame Asante")
    page.get_by_label("Role").select_option("payment_provider")
    page.get_by_label("Organisation").fill("MTN Mobile Money Ghana")
    page.get_by_label("Country").select_option("GH")
    page.get_by_label("Preferred language").select_option("en")
    page.get_by_label("Password:", exact=True).fill("mobile-money-for-nurses-2026")
    page.get_by_label("Password (again):", exact=True).fill("mobile-money-for-nurses-2026")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url(re.compile(r"/en/accounts/confirm-email/$"))

    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mailoutbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("Email").fill("kwame@example.org")
    page.get_by_label("Password").fill("mobile-money-for-nurses-2026")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/en/")
    expect(page.get_by_role("link", name="Kwame Asante")).to_be_visible()

    page.get_by_role("navigation", name="Language").get_by_role("button", name="Français").click()
    page.wait_for_url(f"{live_server.url}/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.get_by_role("heading", name="Trois domaines thématiques")).to_be_visible()
    assert Member.objects.get(email="kwame@example.org").display_name == "Kwame Asante"
    assert Member.objects.get(email="kwame@example.org").preferred_language == "fr"
