import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

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
def test_language_switcher_links_to_the_same_page_in_the_other_language(client):
    response = client.get("/en/contact/")
    html = response.content.decode()
    assert 'href="/fr/contact/" hreflang="fr"' in html
    assert 'href="/en/contact/" hreflang="en"' in html


@pytest.mark.django_db
def test_language_switcher_keeps_the_query_string(client):
    response = client.get("/fr/contact/?from=home")
    assert 'href="/en/contact/?from=home"' in response.content.decode()


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
