"""The main pages at phone size (360 × 740) in English and French: no sideways scroll, the
heading on the first screen, threads still nested, tap targets of at least 24 × 24 px
(issue 15.1). Screenshots at 360 and 1280 px go to artifacts/screenshots/ for a human look."""

from pathlib import Path

import pytest
from django.conf import settings

from discussions.tests.factories import RoomFactory, make_reply, make_topic
from members.tests.factories import PASSWORD, MemberFactory, OrganisationFactory
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
SCREENSHOTS = Path(settings.BASE_DIR, "artifacts", "screenshots")
TAP_TARGETS = (
    ".site-header a, .language-switcher button, .post-actions a, .post-actions button, "
    ".pagination a, .filter-clear"
)

MEASURE = """() => {
  const doc = document.documentElement;
  const h1 = document.querySelector("main h1");
  const box = (element) => {
    const r = element.getBoundingClientRect();
    return {left: r.left + scrollX, right: r.right + scrollX, top: r.top + scrollY,
            bottom: r.bottom + scrollY, width: r.width, height: r.height};
  };
  const visible = (element) => element.getClientRects().length > 0;
  return {
    scrollWidth: doc.scrollWidth,
    clientWidth: doc.clientWidth,
    screenHeight: innerHeight,
    h1: h1 ? box(h1) : null,
    targets: [...document.querySelectorAll(TAP_TARGETS)].filter(visible).map(
      (element) => ({text: element.textContent.trim().slice(0, 30), ...box(element)})),
    posts: [...document.querySelectorAll("li.post")].map(
      (element) => ({depth: [...element.classList].find((c) => c.startsWith("depth-")),
                     parent: element.dataset.parent, id: element.id, ...box(element)})),
  };
}""".replace("TAP_TARGETS", repr(TAP_TARGETS))

HEADER = """() => {
  const items = [...document.querySelectorAll(
    ".site-header a, .site-header button, .site-header [aria-current]")]
    .filter((element) => element.getClientRects().length > 0)
    .map((element) => element.getBoundingClientRect())
    .sort((a, b) => a.top - b.top);
  let lines = 0, bottom = -Infinity;
  for (const r of items) {
    if (r.top >= bottom - 1) { lines += 1; bottom = r.bottom; }
    else { bottom = Math.max(bottom, r.bottom); }
  }
  const button = document.querySelector(".language-switcher button");
  const style = getComputedStyle(button);
  return {lines, button: {background: style.backgroundColor, height: button.offsetHeight,
                          underline: style.textDecorationLine}};
}"""


@pytest.fixture
def community():
    """A member, an organisation with a long name, and a topic whose first reply is answered
    three levels deep, with enough sub-threads for a second page."""
    organisation = OrganisationFactory(
        name="Ministère de la Santé publique et de la Lutte contre le sida (Direction des "
        "ressources humaines)",
        slug="ministere-sante",
    )
    reader = MemberFactory(
        email="reader@example.org",
        display_name="Amina Diallo-Traoré",
        organisation=organisation,
        profile_visibility="public",
    )
    reader.interests.set(["immunisation", "per diem", "mobile money", "health financing"])
    for number in range(5):
        OrganisationFactory(name=f"District Health Management Team number {number}")
    room = RoomFactory(slug="campaign-payments", name_en="Paying campaign workers")
    topic = make_topic(
        room=room,
        author=reader,
        title="Late per diems during polio rounds in hard-to-reach districts",
        tags=["immunisation", "per diem", "mobile money"],
    )
    writer = MemberFactory(display_name="Kwame Asante")
    post = make_reply(topic=topic, author=writer, body="We pay by mobile money within 48 hours.")
    for depth in range(2, 6):
        post = make_reply(
            topic=topic,
            author=reader if depth % 2 else writer,
            parent=post,
            body=f"A reply at depth {depth}: https://example.org/{'a-very-long-path-' * 6}",
        )
    for number in range(21):
        make_reply(topic=topic, author=writer, body=f"Another sub-thread, number {number}.")
    return {"reader": reader, "room": room, "topic": topic}


def paths(community, language: str) -> dict[str, str]:
    topic, room, reader = community["topic"], community["room"], community["reader"]
    return {
        "home": f"/{language}/",
        "rooms": f"/{language}/rooms/",
        "room": f"/{language}/rooms/{room.slug}/",
        "topic": f"/{language}" + topic.get_absolute_url()[3:],
        "topic-page-2": f"/{language}" + topic.get_absolute_url()[3:] + "?page=2",
        "members": f"/{language}/members/",
        "members-filtered": f"/{language}/members/?interest=mobile+money&country={reader.country}",
        "organisations": f"/{language}/organisations/",
        "notifications": f"/{language}/notifications/",
        "dashboard": f"/{language}/members/me/",
        "profile-edit": f"/{language}/members/me/edit/",
        "profile": f"/{language}/members/{reader.pk}/",
        "contact": f"/{language}/contact/",
    }


def check_page(page, url: str, name: str) -> list[str]:
    """What a phone user would notice is wrong on this page, as sentences."""
    page.goto(url)
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px", "no stylesheet"
    m = page.evaluate(MEASURE)
    problems = []
    if m["scrollWidth"] > m["clientWidth"]:
        problems.append(f"{name}: scrolls sideways ({m['scrollWidth']} > {m['clientWidth']} px)")
    if m["h1"] is None or m["h1"]["bottom"] > m["screenHeight"]:
        problems.append(f"{name}: the heading is not on the first screen ({m['h1']})")
    for target in m["targets"]:
        if target["width"] < 24 or target["height"] < 24:
            problems.append(
                f"{name}: {target['text']!r} is {target['width']:.0f} × {target['height']:.0f} px"
            )
    for post in m["posts"]:
        if post["right"] > m["clientWidth"]:
            problems.append(f"{name}: {post['id']} ends at {post['right']:.0f} px")
    return problems


def screenshot(page, language: str, width: int, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{language}-{width}-{name}.png", full_page=True)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_main_pages_fit_a_phone_screen(browser, live_server, community, language):
    context = browser.new_context(viewport=PHONE, locale="en-GB", device_scale_factor=1)
    page = context.new_page()
    problems = check_page(page, f"{live_server.url}/{language}/accounts/login/", "login")
    screenshot(page, language, 360, "login")
    log_in(page, live_server.url, "reader@example.org", PASSWORD)
    for name, path in paths(community, language).items():
        problems += check_page(page, live_server.url + path, name)
        screenshot(page, language, 360, name)
    context.close()
    assert problems == []


@pytest.mark.parametrize("language", ["en", "fr"])
def test_replies_stay_nested_on_a_phone(browser, live_server, community, language):
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    log_in(page, live_server.url, "reader@example.org", PASSWORD)
    page.goto(live_server.url + paths(community, language)["topic"])
    m = page.evaluate(MEASURE)
    context.close()
    lefts = {}
    for post in m["posts"]:
        lefts.setdefault(post["depth"], post["left"])
    assert lefts["depth-2"] > lefts["depth-1"]
    assert lefts["depth-3"] > lefts["depth-2"]
    assert lefts["depth-4"] > lefts["depth-3"]
    assert max(post["right"] for post in m["posts"]) <= m["clientWidth"]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_main_pages_at_desktop_width_keep_their_layout(browser, live_server, community, language):
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    log_in(page, live_server.url, "reader@example.org", PASSWORD)
    for name, path in paths(community, language).items():
        page.goto(live_server.url + path)
        screenshot(page, language, 1280, name)
    page.goto(live_server.url + paths(community, language)["topic"])
    m = page.evaluate(MEASURE)
    context.close()
    lefts = {}
    for post in m["posts"]:
        lefts.setdefault(post["depth"], post["left"])
    assert lefts["depth-2"] - lefts["depth-1"] == 32
    assert m["scrollWidth"] <= m["clientWidth"]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_header_fits_on_two_lines_at_desktop_width_with_the_switcher_as_links(
    browser, live_server, community, language
):
    """The French header once wrapped to three lines at 1280 px, and the language switcher's
    buttons showed as big brand buttons."""
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    log_in(page, live_server.url, "reader@example.org", PASSWORD)
    page.goto(f"{live_server.url}/{language}/members/")
    header = page.evaluate(HEADER)
    page.keyboard.press("Tab")  # keyboard use, so :focus-visible applies
    page.locator(".language-switcher button").focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    context.close()
    assert header["lines"] <= 2
    assert header["button"] == {
        "background": "rgba(0, 0, 0, 0)",
        "height": 28,
        "underline": "underline",
    }
    assert outline == "solid"


def test_dashboard_links_and_table_counts_line_up(browser, live_server, community):
    """The dashboard's row of links had list bullets running into the links before them;
    counts in tables sat left under their heading."""
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    log_in(page, live_server.url, "reader@example.org", PASSWORD)
    page.goto(f"{live_server.url}/fr/members/me/")
    style = (
        "(selector, property) => [...document.querySelectorAll(selector)].map("
        "(element) => getComputedStyle(element)[property])"
    )
    bullets = page.evaluate(f"({style})('ul.actions li', 'listStyleType')")
    page.goto(f"{live_server.url}/fr/organisations/")
    counts = page.evaluate(f"({style})('td.number, th.number', 'textAlign')")
    context.close()
    assert bullets and set(bullets) == {"none"}
    assert counts and set(counts) == {"right"}
