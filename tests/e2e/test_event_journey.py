"""A member's path through the events, in English and French, with and without JavaScript:
browse upcoming and past events, open one, register, vote, evaluate a held event, open its
notes and compare two versions. Screenshots at phone and desktop widths show no sideways
scroll."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from playwright.sync_api import expect

from events import services
from events.models import Ballot, Evaluation, Event, Participation
from events.tests.factories import EventFactory, PollFactory, SessionFactory
from members.tests.factories import PASSWORD, MemberFactory
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(django_settings.BASE_DIR) / "artifacts" / "screenshots"
WORDS = {
    "en": {
        "upcoming": "Upcoming events",
        "past": "Past events",
        "register": "Register",
        "registered": "You are registered.",
        "vote": "Vote",
        "voted": "You have voted.",
        "evaluate": "Evaluate this event",
        "send": "Send my evaluation",
        "compare": "Compare the versions",
        "compared": "Versions compared",
    },
    "fr": {
        "upcoming": "Événements à venir",
        "past": "Événements passés",
        "register": "S’inscrire",
        "registered": "Vous êtes inscrit.",
        "vote": "Voter",
        "voted": "Vous avez voté.",
        "evaluate": "Évaluer cet événement",
        "send": "Envoyer mon évaluation",
        "compare": "Comparer les versions",
        "compared": "Versions comparées",
    },
}


def _events():
    organiser = MemberFactory(display_name="Olu Organiser")
    upcoming = EventFactory(
        slug="data-use-workshop",
        title_en="Data use workshop",
        title_fr="Atelier sur l’usage des données",
        background_en="How districts use their own data to plan vaccination rounds.",
        background_fr="Comment les districts utilisent leurs données pour planifier.",
    )
    SessionFactory(event=upcoming, title_en="Opening", title_fr="Ouverture")
    PollFactory(event=upcoming, question_en="Which topics next time?")
    held = EventFactory(
        slug="implementers-call",
        kind=Event.Kind.IMPLEMENTERS_CALL,
        title_en="Implementers’ call",
        title_fr="Appel des responsables de mise en œuvre",
        status=Event.Status.HELD,
        starts_at=timezone.now() - timedelta(days=30),
    )
    held.organisers.add(organiser)
    note = services.note_create(
        event=held,
        editor=organiser,
        title="Call notes",
        body="## Questions\n\nHow do you pay vaccinators?\n",
    )
    services.note_save(
        note=note,
        editor=organiser,
        body="## Questions\n\nHow do you pay vaccinators?\n\n- Orange Money: within 48 hours\n",
    )
    return upcoming, held, note


def _no_sideways_scroll(page, name: str) -> None:
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"events-{name}-{width}.png"), full_page=True)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} at {width} px scrolls sideways by {overflow} px"


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_member_registers_votes_evaluates_and_compares_note_versions(
    new_page, live_server, language, javascript
):
    upcoming, held, note = _events()
    member = MemberFactory(email="amina@example.org", display_name="Amina Diallo")
    Participation.objects.create(event=held, member=member, attended=True)
    words = WORDS[language]
    base = live_server.url
    shots = javascript  # one set of screenshots per language is enough

    page = new_page(javascript=javascript)
    log_in(page, base, "amina@example.org", PASSWORD)
    page.goto(f"{base}/{language}/events/")
    expect(page.get_by_role("heading", name=words["upcoming"])).to_be_visible()
    expect(page.get_by_role("heading", name=words["past"])).to_be_visible()
    if shots:
        _no_sideways_scroll(page, f"list-{language}")

    page.get_by_role("link", name=getattr(upcoming, f"title_{language}")).first.click()
    page.wait_for_url(re.compile(rf"/{language}/events/{upcoming.slug}/$"))
    page.get_by_role("button", name=words["register"], exact=True).click()
    expect(page.get_by_text(words["registered"], exact=True)).to_be_visible()
    assert Participation.objects.filter(event=upcoming, member=member).exists()

    page.locator("input[name=option]").first.check()
    page.get_by_role("button", name=words["vote"], exact=True).click()
    expect(page.get_by_text(words["voted"]).first).to_be_visible()
    assert Ballot.objects.filter(poll__event=upcoming, member=member).count() == 1
    if shots:
        _no_sideways_scroll(page, f"event-{language}")

    page.goto(f"{base}/{language}/events/")
    page.get_by_role("link", name=getattr(held, f"title_{language}")).first.click()
    page.wait_for_url(re.compile(rf"/{language}/events/{held.slug}/$"))
    page.get_by_role("link", name=words["evaluate"]).click()
    page.locator("input[name=rating][value='4']").check()
    page.locator("textarea[name=comment]").fill("Clear answers, thank you.")
    page.get_by_role("button", name=words["send"]).click()
    page.wait_for_url(re.compile(rf"/{language}/events/{held.slug}/"))
    assert Evaluation.objects.get(event=held, member=member).rating == 4

    page.get_by_role("link", name="Call notes").click()
    page.wait_for_url(re.compile(rf"/events/{held.slug}/notes/{note.pk}/$"))
    if shots:
        _no_sideways_scroll(page, f"notes-{language}")
    page.get_by_role("button", name=words["compare"]).click()
    expect(page.get_by_role("heading", name=words["compared"])).to_be_visible()
    expect(page.get_by_text("Orange Money: within 48 hours").first).to_be_visible()
    if shots:
        _no_sideways_scroll(page, f"compare-{language}")
