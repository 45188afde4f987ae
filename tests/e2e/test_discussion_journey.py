import re

import pytest
from playwright.sync_api import expect

from discussions.models import Post
from discussions.tests.factories import RoomFactory, make_reply, make_topic
from members.tests.factories import PASSWORD, MemberFactory
from tests.e2e.conftest import log_in
from tests.e2e.test_accessibility import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def static_by_name(settings):
    """The live server finds static files by their source name; the manifest's hashed
    names exist only after collectstatic, so scripts would 404 here."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_members_start_a_topic_reply_quote_and_react(
    new_page, live_server, javascript, static_by_name
):
    room = RoomFactory(slug="campaign-payments", name_en="Paying campaign workers")
    MemberFactory(email="amina@example.org", display_name="Amina Diallo")
    MemberFactory(email="kwame@example.org", display_name="Kwame Asante")
    base = live_server.url

    amina = new_page(javascript=javascript)
    log_in(amina, base, "amina@example.org", PASSWORD)
    amina.goto(f"{base}/en/rooms/")
    amina.get_by_role("link", name="Paying campaign workers").click()
    amina.get_by_role("link", name="Start a topic").click()
    amina.get_by_label("Title").fill("Late per diems during polio rounds")
    amina.get_by_label("Message").fill("Vaccinators waited **six weeks**. How do you pay faster?")
    amina.get_by_label("Tags").fill("per diem, mobile money")
    amina.get_by_role("button", name="Publish the topic").click()
    amina.wait_for_url(re.compile(rf"/en/rooms/{room.slug}/\d+-late-per-diems"))
    expect(amina.locator("strong", has_text="six weeks")).to_be_visible()

    kwame = new_page(javascript=javascript)
    log_in(kwame, base, "kwame@example.org", PASSWORD)
    kwame.goto(amina.url)
    kwame.get_by_label("Message").fill("We pay by mobile money within 48 hours.")
    kwame.get_by_role("button", name="Post reply").click()
    expect(kwame.get_by_text("We pay by mobile money within 48 hours.")).to_be_visible()

    amina.reload()
    kwame_post = amina.locator("li.post", has_text="within 48 hours")
    kwame_post.get_by_role("link", name="Quote").click()
    assert "within 48 hours" in amina.get_by_label("Message").input_value()
    message = amina.get_by_label("Message")
    message.fill("Which operator do you use, ")
    if javascript:  # the composer suggests handles; without it, the handle is typed
        message.press_sequentially("@kwa")
        amina.get_by_role("button", name="@kwame-asante · Kwame Asante").click()
        message.press_sequentially("?")
    else:
        message.press_sequentially("@kwame-asante ?")
    amina.get_by_role("button", name="Post reply").click()
    answer = Post.objects.get(body__startswith="Which operator")
    assert answer.body == "Which operator do you use, @kwame-asante ?"
    assert answer.depth == 2
    amina.wait_for_url(re.compile(rf"#{answer.anchor}$"))
    expect(
        amina.locator(f"#{answer.anchor}").get_by_role("link", name="@kwame-asante")
    ).to_be_visible()

    kwame.goto(f"{base}/en/notifications/")
    expect(kwame.get_by_text("Amina Diallo").first).to_be_visible()
    kwame.goto(amina.url.split("#")[0])
    kwame.locator(f"#{answer.anchor}").get_by_role("button", name="Helpful").click()
    kwame.wait_for_load_state()
    assert Post.objects.get(pk=answer.pk).helpful_count == 1


def test_rooms_and_a_thread_have_no_accessibility_violation(page, live_server):
    MemberFactory(email="amina@example.org")
    log_in(page, live_server.url, "amina@example.org", PASSWORD)
    room = RoomFactory(slug="mobile-money", name_en="Mobile money")
    topic = make_topic(room=room, title="Cash-out fees")
    make_reply(topic=topic, parent=make_reply(topic=topic, body="Who pays them?"))
    for path in ("/en/rooms/", f"/en/rooms/{room.slug}/", topic.get_absolute_url()):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
