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
