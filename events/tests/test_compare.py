import re

from django.utils.safestring import SafeString

from events.compare import compare_texts, split_lines

NOTES = "\n".join(
    [
        "# Implementers' call, 16 September 2020",
        "",
        "## Participants",
        "",
        "- openIMIS coordination desk",
        "- BEPHA health scheme",
        "",
        "## Questions",
        "",
        "**Q:** How are claims paid to health workers?",
        "",
        "**A (BEPHA):** Through mobile money, monthly.",
        "",
        "## Next steps",
        "",
        "Share the claims dashboard before the next call.",
        "",
        "Ask the ministry about the payment delays.",
    ]
)


def cells(html: str, css_class: str) -> list[str]:
    """Text of the cells with `css_class`, tags stripped."""
    found = re.findall(rf'<td class="{css_class}">(.*?)</td>', html)
    return [re.sub(r"<[^>]+>", "", cell) for cell in found]


def test_identical_versions_have_no_changes():
    comparison = compare_texts(NOTES, NOTES)
    assert comparison.identical
    assert (comparison.added, comparison.removed) == (0, 0)
    assert comparison.html == ""


def test_line_endings_do_not_count_as_changes():
    comparison = compare_texts(NOTES, NOTES.replace("\n", "\r\n") + "\r\n")
    assert comparison.identical


def test_one_line_changed_marks_the_changed_words():
    new = NOTES.replace("monthly", "every two weeks")
    comparison = compare_texts(NOTES, new)
    assert (comparison.added, comparison.removed) == (1, 1)
    assert "<del>monthly</del>" in comparison.html
    assert "<ins>every two weeks</ins>" in comparison.html
    assert cells(comparison.html, "diff-del") == ["**A (BEPHA):** Through mobile money, monthly."]
    assert cells(comparison.html, "diff-add") == [
        "**A (BEPHA):** Through mobile money, every two weeks."
    ]


def test_lines_inserted_are_added_on_the_right_only():
    new = NOTES.replace(
        "- BEPHA health scheme",
        "- BEPHA health scheme\n- Ministry of Public Health, Cameroon\n- World Bank",
    )
    comparison = compare_texts(NOTES, new)
    assert (comparison.added, comparison.removed) == (2, 0)
    assert cells(comparison.html, "diff-add") == [
        "- Ministry of Public Health, Cameroon",
        "- World Bank",
    ]
    assert cells(comparison.html, "diff-del") == []
    assert "<ins>- World Bank</ins>" in comparison.html


def test_lines_deleted_are_removed_on_the_left_only():
    new = NOTES.replace("\n\nAsk the ministry about the payment delays.", "")
    comparison = compare_texts(NOTES, new)
    assert (comparison.added, comparison.removed) == (0, 1)
    assert cells(comparison.html, "diff-del") == ["", "Ask the ministry about the payment delays."]
    assert cells(comparison.html, "diff-add") == []


def test_reordered_paragraphs_show_the_moved_paragraph_removed_and_added():
    paragraphs = [f"Paragraph {n}: " + f"word{n} " * 12 for n in range(1, 9)]
    new_order = paragraphs[:2] + paragraphs[3:6] + [paragraphs[2]] + paragraphs[6:]
    comparison = compare_texts("\n\n".join(paragraphs), "\n\n".join(new_order))
    assert (comparison.added, comparison.removed) == (1, 1)
    assert [c.strip() for c in cells(comparison.html, "diff-del") if c] == [paragraphs[2].strip()]
    assert [c.strip() for c in cells(comparison.html, "diff-add") if c] == [paragraphs[2].strip()]


def test_unchanged_runs_collapse_around_the_change():
    old = "\n".join(f"line {n}" for n in range(1, 101))
    new = old.replace("line 50", "line fifty")
    comparison = compare_texts(old, new, context=3)
    assert "46 unchanged lines" in comparison.html
    assert "47 unchanged lines" in comparison.html
    shown = cells(comparison.html, "diff-ctx")
    assert shown[::2] == ["line 47", "line 48", "line 49", "line 51", "line 52", "line 53"]
    assert "line 10" not in comparison.html


def test_unchanged_run_message_is_in_french(settings):
    from django.utils import translation

    old = "\n".join(f"ligne {n}" for n in range(1, 30))
    with translation.override("fr"):
        comparison = compare_texts(old, old + "\nfin")
    assert "26 lignes inchangées" in comparison.html
    assert "Ancienne version" in comparison.html


def test_empty_old_version_shows_everything_added():
    comparison = compare_texts("", NOTES)
    assert comparison.added == len([line for line in split_lines(NOTES) if line.strip()])
    assert comparison.removed == 0
    assert cells(comparison.html, "diff-del") == []


def test_emptied_version_shows_everything_removed():
    comparison = compare_texts(NOTES, "")
    assert comparison.removed == len([line for line in split_lines(NOTES) if line.strip()])
    assert comparison.added == 0


def test_both_empty_are_identical():
    assert compare_texts("", "").identical


def test_html_and_script_in_the_text_stay_inert():
    old = 'Safe line\n<script>alert("x")</script>\n<img src=x onerror=alert(1)>'
    new = 'Safe line\n<script>alert("y")</script>\n<b onclick="steal()">bold</b> &amp;'
    comparison = compare_texts(
        old, new, old_label="<i>Version 1</i>", new_label="Version 2 & <u>draft</u>"
    )
    html = comparison.html
    assert isinstance(html, SafeString)
    assert "<script" not in html and "<img" not in html and "<b " not in html
    assert "<i>" not in html and "<u>" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;b onclick=&quot;steal()&quot;&gt;bold&lt;/b&gt; &amp;amp;" in html
    assert "&lt;i&gt;Version 1&lt;/i&gt;" in html
    tags = set(re.findall(r"</?([a-z]+)", html))
    assert tags <= {"table", "thead", "tbody", "tr", "th", "td", "span", "del", "ins"}


def test_labels_head_the_columns():
    comparison = compare_texts("a", "b", old_label="Version 1", new_label="Version 2")
    assert '<th scope="col">Version 1</th>' in comparison.html
    assert '<th scope="col">Version 2</th>' in comparison.html


def test_two_long_versions_compare_quickly():
    """The notes compare view must answer in under 200 ms; the bench prints the figure."""
    import time

    from bench.notes_compare_bench import versions

    old, new = versions(words=20_000)
    started = time.process_time()
    comparison = compare_texts(old, new)
    elapsed = time.process_time() - started
    assert comparison.added > 0 and comparison.removed > 0
    assert elapsed < 0.2, f"{elapsed * 1000:.0f} ms"
