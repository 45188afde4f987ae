"""The one renderer stays bounded: hostile input at the longest accepted length renders
quickly and never raises; deeper structure shows as text; longer text is refused by forms."""

import re
import time

import pytest
from django.core.exceptions import ValidationError

from bench.markdown_bench import hostile_inputs
from cop_portal.markdown import MAX_TABLE_ROWS, render_markdown, validate_markdown_length

MAX_LENGTH = 20_000
# Generous: the worst input takes about 0.3 s of CPU on a busy two-core machine. CPU time,
# so that other work sharing the machine does not fail the test.
SECONDS = 2.0


@pytest.fixture(autouse=True)
def _max_length(settings):
    settings.COP_MARKDOWN_MAX_LENGTH = MAX_LENGTH


@pytest.mark.parametrize(("name", "source"), hostile_inputs(MAX_LENGTH).items())
def test_hostile_input_at_the_longest_length_renders_quickly(name, source):
    started = time.process_time()
    html = render_markdown(source, mentions={"@Amina Diallo": "/members/1/"})
    assert time.process_time() - started < SECONDS, name
    assert "<script" not in html and 'href="javascript' not in html


@pytest.mark.parametrize("source", ["- " * 600 + "x", "1. " * 600 + "x", "> " * 600 + "x"])
def test_nesting_deeper_than_the_bound_is_shown_as_text_not_an_error(source):
    html = render_markdown(source)
    assert html.count("<li>") + html.count("<blockquote>") <= 20
    assert re.search(r"<p>(- |1\. |&gt; )+x</p>", html)


def test_text_under_the_depth_bound_keeps_its_structure():
    html = render_markdown("- a\n  - b\n    - c")
    assert html.count("<ul>") == 3 and "<li>c</li>" in html


def test_text_longer_than_the_bound_is_shown_as_plain_text():
    source = "**bold** [link](https://example.org) <b>x</b>\n\n" + "a" * MAX_LENGTH
    html = render_markdown(source)
    assert html.startswith("<p>**bold** [link](https://example.org) &lt;b&gt;x&lt;/b&gt;</p>")


def test_validator_refuses_text_longer_than_the_bound_with_both_lengths():
    with pytest.raises(ValidationError) as refused:
        validate_markdown_length("a" * (MAX_LENGTH + 1))
    assert refused.value.messages == [
        f"This text is {MAX_LENGTH + 1} characters long; the limit is {MAX_LENGTH}."
    ]
    validate_markdown_length("a" * MAX_LENGTH)


def test_links_get_rel_and_unsafe_schemes_are_dropped():
    html = render_markdown("[ok](https://example.org) [bad](javascript:alert(1)) <b>raw</b>")
    assert '<a href="https://example.org" rel="nofollow ugc noopener">ok</a>' in html
    assert '<a rel="nofollow ugc noopener">bad</a>' in html or "[bad](javascript" in html
    assert 'href="javascript' not in html
    assert "&lt;b&gt;raw&lt;/b&gt;" in html


def test_headings_start_at_h3():
    assert render_markdown("# One\n\n## Two") == "<h3>One</h3>\n<h3>Two</h3>"


def test_mentions_are_not_linked_inside_code_or_links():
    mentions = {"@Amina": "/members/1/"}
    html = render_markdown("@Amina `@Amina` [@Amina](https://e.org)", mentions=mentions)
    assert html.count('class="mention"') == 1


def test_text_after_a_too_deep_block_keeps_its_own_structure():
    html = render_markdown("- " * 12 + "deep\n\nafter **bold**")
    assert "<p>- - - - - - deep</p>" in html
    assert html.endswith("<p>after <strong>bold</strong></p>")


def test_a_table_longer_than_the_row_bound_goes_on_as_text():
    rows = "".join(f"| {n} |\n" for n in range(MAX_TABLE_ROWS + 5))
    html = render_markdown("| n |\n|---|\n" + rows)
    assert html.count("<tr>") == MAX_TABLE_ROWS + 1
    assert f"| {MAX_TABLE_ROWS + 4} |" in html
