import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def catalogue_statistics(po_file: Path) -> str:
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stderr.strip()


def test_french_catalogue_has_no_untranslated_or_fuzzy_entry():
    stats = catalogue_statistics(CATALOGUE)
    assert "untranslated" not in stats and "fuzzy" not in stats, stats


def test_makemessages_finds_no_string_missing_from_the_french_catalogue(
    tmp_path, settings, monkeypatch
):
    """Extract the strings again from a copy of the project: nothing new may appear."""
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".*", "staticfiles", "media", "__pycache__", "*.mo", "*.sqlite3"
        ),
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["fr"], no_location=True, verbosity=0)
    stats = catalogue_statistics(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    assert "untranslated" not in stats and "fuzzy" not in stats, (
        f"{stats}: run `make messages` and translate the new strings"
    )


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("fr-FR,fr;q=0.9,en;q=0.5", "/fr/"), ("en-GB,en;q=0.9", "/en/"), ("sw", "/en/")],
)
def test_root_redirects_by_browser_language(client, accept_language, expected):
    response = client.get("/", headers={"accept-language": accept_language})
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("/en/", "en", "Three topical areas"),
        ("/fr/", "fr", "Trois domaines thématiques"),
    ],
)
def test_home_page_is_in_the_language_of_its_prefix(client, path, lang, heading):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert heading in html


@pytest.mark.django_db
def test_language_switcher_offers_the_other_language_for_this_page(client):
    html = client.get("/en/contact/?from=home").content.decode()
    assert 'action="/language/"' in html
    assert 'name="next" value="/en/contact/?from=home"' in html
    assert 'name="language" value="fr" lang="fr">Français</button>' in html
    assert '<span lang="en" aria-current="true">English</span>' in html


@pytest.mark.django_db
def test_visitor_switching_language_gets_the_cookie_and_the_same_page(client, settings):
    response = client.post("/language/", {"language": "fr", "next": "/en/contact/?from=home"})
    assert response.status_code == 303
    assert response["Location"] == "/fr/contact/?from=home"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"


@pytest.mark.django_db
def test_visitor_later_visit_opens_in_the_chosen_language(client):
    client.post("/language/", {"language": "fr", "next": "/en/"})
    response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})
    assert response["Location"] == "/fr/"


@pytest.mark.django_db
def test_member_switching_language_saves_it_to_their_profile(client, member):
    client.force_login(member)
    client.post("/language/", {"language": "fr", "next": "/en/members/me/"})
    member.refresh_from_db()
    assert member.preferred_language == "fr"


@pytest.mark.django_db
def test_member_login_opens_in_the_language_they_chose(client, member):
    from members.tests.factories import PASSWORD

    client.force_login(member)
    client.post("/language/", {"language": "fr", "next": "/en/"})
    client.logout()
    client.cookies.clear()
    response = client.post("/en/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response["Location"].startswith("/fr/")
    assert "Bienvenue, Amina Diallo" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", ""])
def test_language_switch_only_returns_to_this_site(client, target):
    response = client.post("/language/", {"language": "fr", "next": target})
    assert response.status_code == 303
    assert "evil" not in response["Location"]


@pytest.mark.django_db
def test_language_switch_ignores_an_unknown_language(client, member, settings):
    client.force_login(member)
    response = client.post("/language/", {"language": "xx", "next": "/en/contact/"})
    member.refresh_from_db()
    assert (response["Location"], member.preferred_language) == ("/en/contact/", "en")
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


NBSP, NNBSP = "\u00a0", "\u202f"


def catalogue_entries(po_file: Path) -> list[tuple[str, str]]:
    """(msgid, msgstr) for every translated string of a catalogue, plural forms included."""
    unescape = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    entries, msgid, key = [], "", None
    fields: dict[str, str] = {}
    for line in [*po_file.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith('"') and key:
            fields[key] += re.sub(r"\\(.)", lambda m: unescape[m.group(1)], line[1:-1])
        elif line.startswith(("msg",)):
            key, value = line.split(" ", 1)
            fields[key] = re.sub(r"\\(.)", lambda m: unescape[m.group(1)], value[1:-1])
        elif not line.strip() and fields:
            msgid = fields.get("msgid", "")
            if msgid:  # the header has an empty msgid
                entries += [(msgid, v) for k, v in fields.items() if k.startswith("msgstr")]
            fields, key = {}, None
    return entries


def typography_faults(text: str) -> list[str]:
    """What a French proofreader would mark in one translated string."""
    # Markup, entities, URLs and placeholders are not prose: "?next=", "&amp;", "https:".
    prose = re.sub(r"<[^>]*>|&#?\w+;|\w+://\S+|%\(\w+\)[sd]|\{\{?[^}]*\}\}?", "", text)
    faults = []
    for match in re.finditer(r"(?<=(.))?([:;?!])(?=(.)?)", prose, flags=re.DOTALL):
        before, mark, after = match.group(1), match.group(2), match.group(3)
        if mark == ":" and before and after and not before.isspace() and not after.isspace():
            continue  # 03:07, "re:", not punctuation
        wanted = NBSP if mark == ":" else NNBSP
        if before != wanted:
            faults.append(f"{mark!r} needs {'U+00A0' if mark == ':' else 'U+202F'} before it")
    if re.search(f"«(?!{NBSP})", prose) or re.search(f"(?<!{NBSP})»", prose):
        faults.append("« » need U+00A0 inside")
    if "'" in prose:
        faults.append("straight ' (use ’)")
    for word in ("courriel", "preuve", "·e"):
        if word in prose.lower():
            faults.append(f"{word!r} is not in the glossary")
    return faults


@pytest.mark.parametrize(
    ("text", "faults"),
    [
        ("Langue : Indifférent", ["':' needs U+00A0 before it"]),
        ("E-mail actuel:", ["':' needs U+00A0 before it"]),
        (f"Langue{NBSP}: à 03:07, voir https://example.org", []),
        ("Pourquoi ?", ["'?' needs U+202F before it"]),
        (f'<a href="{{url}}?next=x">Lire</a>{NNBSP}!', []),
        ("« Sujet »", ["« » need U+00A0 inside"]),
        ("l'image", ["straight ' (use ’)"]),
        ("ce courriel", ["'courriel' is not in the glossary"]),
        ("prévenu·e", ["'·e' is not in the glossary"]),
    ],
)
def test_typography_check_marks_what_a_proofreader_would(text, faults):
    assert typography_faults(text) == faults


def test_french_catalogue_follows_french_typography_and_glossary():
    faults = {
        msgid: typography_faults(msgstr)
        for msgid, msgstr in catalogue_entries(CATALOGUE)
        if typography_faults(msgstr)
    }
    assert faults == {}


@pytest.mark.django_db
def test_french_sign_in_form_labels_the_address_adresse_e_mail(client):
    html = client.get("/fr/accounts/login/").content.decode()
    assert "Adresse e-mail" in html
    assert "Courriel" not in html


@pytest.mark.django_db
def test_french_sign_up_page_offers_to_sign_in_in_good_french(client):
    html = client.get("/fr/accounts/signup/").content.decode()
    assert f"Vous avez déjà un compte{NNBSP}?" in html
    assert "Vous pouvez donc" not in html


@pytest.mark.django_db
def test_french_email_page_labels_have_a_no_break_space_before_the_colon(client, member):
    member.preferred_language = "fr"
    member.save()
    client.force_login(member)
    html = client.get("/fr/accounts/email/").content.decode()
    assert f"Adresse actuelle{NBSP}:" in html
    assert f"Nouvelle adresse{NBSP}:" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("preferred", "page", "greeting"),
    [
        ("fr", "/en/accounts/login/", "Connexion réussie. Bienvenue, Amina Diallo."),
        ("en", "/fr/accounts/login/", "You are signed in. Welcome, Amina Diallo."),
    ],
)
def test_sign_in_message_is_in_the_members_language(client, member, preferred, page, greeting):
    from members.tests.factories import PASSWORD

    member.preferred_language = preferred
    member.save()
    response = client.post(page, {"login": member.email, "password": PASSWORD})
    assert response["Location"].startswith(f"/{preferred}/")
    assert greeting in client.get(response["Location"]).content.decode()


def test_notification_kind_reply_is_the_noun_in_french_and_the_button_the_verb():
    from discussions.models import Notification

    with translation.override("fr"):
        assert (str(Notification.Kind.REPLY.label), gettext("Reply")) == ("Réponse", "Répondre")


def test_french_date_and_time_read_with_a():
    moment = datetime(2026, 11, 21, 3, 7, tzinfo=UTC)
    with translation.override("fr"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "21 novembre 2026 à 03:07"


@pytest.mark.django_db
def test_activity_under_a_minute_old_reads_a_l_instant(client):
    from discussions.tests.factories import RoomFactory

    RoomFactory(name_fr="Payer les agents", last_activity_at=timezone.now())
    html = client.get("/fr/rooms/").content.decode()
    assert "dernière activité à l’instant" in html
    assert "0 minute" not in html


@pytest.mark.django_db
def test_older_activity_still_reads_how_long_ago(client):
    from discussions.tests.factories import RoomFactory

    RoomFactory(last_activity_at=timezone.now() - timedelta(hours=3))
    assert "last activity 3\xa0hours ago" in client.get("/en/rooms/").content.decode()


def test_country_names_in_french_use_the_typographic_apostrophe():
    from django_countries import countries

    with translation.override("fr"):
        assert countries.name("CI") == "Côte d’Ivoire"
