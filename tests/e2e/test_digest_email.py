"""The weekly digest as a reader sees it: its HTML in a phone-sized browser (360 px, no
sideways scroll, no image needed) and its plain-text part, in English and French. The
screenshots and the text go to artifacts/ for a human look."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from discussions.models import Subscription
from discussions.tests.factories import RoomFactory, make_reply, make_topic
from events.models import Participation
from events.tests.factories import EventFactory, PollFactory
from evidence.tests.factories import EvidenceItemFactory
from members.tests.factories import PASSWORD, MemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
ARTIFACTS = Path(settings.BASE_DIR, "artifacts")


def busy_week(member):
    room = RoomFactory(name_en="Campaign payments", name_fr="Paiements des campagnes")
    kwame = MemberFactory(display_name="Kwame Asante")
    fatou = MemberFactory(display_name="Fatou Ndiaye")
    mine = make_topic(room=room, author=member, title="Paying vaccinators within a week")
    make_reply(topic=mine, author=kwame, body="In Ghana we paid 4,000 vaccinators by MoMo.")
    watched = make_topic(room=room, author=fatou, title="Per diems for supervisors in Kaduna")
    Subscription.objects.get_or_create(member=member, topic=watched)
    Subscription.objects.get_or_create(member=member, room=room)
    for n in range(4):
        make_reply(
            topic=watched,
            author=kwame if n % 2 else fatou,
            body=f"Reply {n}: the state budget line was released late again. " * 3,
        )
    make_reply(topic=watched, author=fatou, body=f"@{member.handle} what did you do in Kano?")
    make_topic(
        room=room,
        author=kwame,
        title="A very long title about mobile money interoperability between operators in Africa",
    )
    EvidenceItemFactory(countries=[member.country], tags=["mobile money"])
    event = EventFactory(
        title_en="Implementers’ call: claims",
        title_fr="Appel des partenaires\u00a0: demandes",
        starts_at=timezone.now() + timedelta(days=6),
    )
    Participation.objects.create(event=event, member=member)
    PollFactory(
        event=event,
        participants_only=False,
        question_en="Which topic next?",
        question_fr="Quel sujet la prochaine fois\u202f?",
    )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_digest_reads_well_on_a_phone_and_as_plain_text(new_page, live_server, language):
    member = MemberFactory(display_name="Amina Diallo", country="SN", preferred_language=language)
    busy_week(member)
    page = new_page(javascript=False)
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/{language}/")  # home, in the member's language
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/en/digest/preview/")

    heading = "Votre résumé hebdomadaire" if language == "fr" else "Your weekly digest"
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    widths = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert widths[0] <= widths[1] == 360, widths
    assert page.locator("img").count() == 0  # nothing to miss with images off
    ARTIFACTS.joinpath("screenshots").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "screenshots" / f"digest-360-{language}.png", full_page=True)

    text = page.context.request.get(f"{live_server.url}/en/digest/preview/text/").text()
    ARTIFACTS.joinpath(f"digest-{language}.txt").write_text(text)
    if language == "fr":
        assert "4 nouvelles réponses dans un sujet que vous suivez" in text
        assert "Paiements des campagnes" in text
    else:
        assert "4 new replies in a topic you follow" in text
        assert "1 reply to your posts" in text
