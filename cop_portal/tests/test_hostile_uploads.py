"""Hostile upload names: what a download offers and a page shows must read as what the file is."""

import pytest

from cop_portal.downloads import content_disposition
from cop_portal.uploads import original_name


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        # U+202E turns "report\u202Efdp.exe" into "reportexe.pdf" on screen.
        ("report\u202efdp.exe", "report_fdp.exe"),
        ("a\u2066b\u2069.pdf", "a_b_.pdf"),
        ("a\u200bb.pdf", "a_b.pdf"),
        ("a\x85b\x9b.pdf", "a_b_.pdf"),
        ("\ufeffnotes.txt", "_notes.txt"),
    ],
)
def test_original_name_drops_bidi_overrides_and_invisible_characters(name, kept):
    assert original_name(name) == kept


def test_download_name_never_carries_a_right_to_left_override():
    header = content_disposition("invoice\u202efdp.exe")
    assert "%E2%80%AE" not in header
    assert "\u202e" not in header
    assert "invoice_fdp.exe" in header
