import pytest
from axe_playwright_python.sync_playwright import Axe

from discussions.services.quotes import quote_for_reply
from discussions.tests.factories import RoomFactory, make_reply, make_topic
from members.tests.factories import MemberFactory, OrganisationFactory
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

IMPACTS = {"moderate", "serious", "critical"}
PAGES = [
    "/en/",
    "/fr/",
    "/en/accounts/signup/",
    "/fr/accounts/login/",
    "/en/contact/",
    "/en/members/",
    "/fr/organisations/",
]


def axe_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in IMPACTS
    ]


@pytest.mark.parametrize("path", PAGES)
def test_public_pages_have_no_accessibility_violation(page, live_server, path):
    MemberFactory(display_name="Public Person", profile_visibility="public")
    page.goto(live_server.url + path)
    assert axe_violations(page) == []


def test_member_pages_have_no_accessibility_violation(page, live_server):
    member = MemberFactory(email="reader@example.org")
    member.interests.set(["mobile money"])
    MemberFactory(country=member.country).interests.set(["mobile money"])
    page.goto(live_server.url + "/en/accounts/login/")
    page.get_by_label("Email").fill("reader@example.org")
    page.get_by_label("Password").fill("a-long-test-password-2026")
    page.get_by_role("button", name="Sign In").click()
    for path in ("/en/members/me/", "/en/members/me/edit/", f"/en/members/{member.pk}/"):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path


def test_browser_tests_load_the_stylesheet(live_server, page):
    """axe judges contrast and target sizes on the styled page, so the CSS must load."""
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(f"{live_server.url}/en/")
    assert failed == []
    assert page.evaluate("document.styleSheets.length") >= 1
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != "Times New Roman"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_discussion_directory_and_organisation_pages_have_no_accessibility_violation(
    page, live_server, language
):
    """A topic with nested replies, a quote and a mention; the notifications it sends; the
    directory with two filters set (each with its Clear link); an organisation."""
    organisation = OrganisationFactory(name="Orange Money Sénégal", slug="orange-money")
    reader = MemberFactory(
        email="reader@example.org", display_name="Amina Diallo", organisation=organisation
    )
    reader.interests.set(["mobile money"])
    writer = MemberFactory(display_name="Kwame Asante", organisation=organisation)
    topic = make_topic(room=RoomFactory(slug="campaign-payments"), author=reader)
    first = make_reply(topic=topic, author=writer, body="We pay within 48 hours.")
    second = make_reply(topic=topic, author=reader, parent=first, body="Which provider?")
    make_reply(
        topic=topic,
        author=writer,
        parent=second,
        body=quote_for_reply(post=second) + f"@{reader.handle}: Orange Money.",
    )
    log_in(page, live_server.url, "reader@example.org", "a-long-test-password-2026")
    for path in (
        topic.get_absolute_url()[3:],
        "/notifications/",
        f"/members/?interest=mobile+money&country={reader.country}",
        "/members/me/edit/",
        "/organisations/orange-money/",
    ):
        page.goto(f"{live_server.url}/{language}{path}")
        assert axe_violations(page) == [], path


@pytest.mark.parametrize("language", ["en", "fr"])
def test_evidence_library_item_and_map_have_no_accessibility_violation(page, live_server, language):
    """The library with two facets set (each with its Clear link), an item cited by a topic,
    a post showing the item's reference card, and the map."""
    from evidence.tests.factories import EvidenceItemFactory

    item = EvidenceItemFactory(countries=["KE", "SN"], tags=["mobile money"], year=2022)
    EvidenceItemFactory(area="curating", countries=["KE"], tags=["openIMIS"])
    topic = make_topic(room=RoomFactory(slug="evidence-talk"), body=f"See /en/evidence/{item.pk}/")
    MemberFactory(email="reader@example.org")
    log_in(page, live_server.url, "reader@example.org", "a-long-test-password-2026")
    for path in (
        "/evidence/?country=KE&tag=mobile+money",
        f"/evidence/{item.pk}/",
        "/evidence/map/",
        topic.get_absolute_url()[3:],
    ):
        page.goto(f"{live_server.url}/{language}{path}")
        assert axe_violations(page) == [], path


@pytest.mark.parametrize("language", ["en", "fr"])
def test_event_pages_have_no_accessibility_violation(page, live_server, language):
    """The events list, an event with a session, a poll and notes, and two note versions
    compared."""
    from tests.e2e.test_event_journey import _events

    upcoming, held, note = _events()
    MemberFactory(email="reader@example.org")
    log_in(page, live_server.url, "reader@example.org", "a-long-test-password-2026")
    first, second = note.versions.order_by("number")
    for path in (
        "/events/",
        f"/events/{upcoming.slug}/",
        f"/events/{held.slug}/",
        f"/events/{held.slug}/notes/{note.pk}/compare/?old={first.pk}&new={second.pk}",
    ):
        page.goto(f"{live_server.url}/{language}{path}")
        assert axe_violations(page) == [], path
