""" "Versions compared": two versions of a Markdown text side by side, line by line.

Lines removed are shown on the left, lines added on the right; a changed line sits beside
its new form with the words that changed marked (<del> on the left, <ins> on the right);
long unchanged runs collapse to a few lines of context around each change. Everything
from the texts is escaped: the result is HTML that can be put in a page as it is.

Speed: the common head and tail are cut off first (notes are edited in places), lines are
compared as integers, and the word-level pass runs only on line pairs that are alike, so
two 20,000-word versions compare in a few milliseconds (bench/notes_compare_bench.py).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

CONTEXT_LINES = 3
# Line pairs less alike than this are shown as one line removed and one added.
INTRA_LINE_MIN_RATIO = 0.5
# The word-level pass is skipped on a line pair with more tokens than this (a pasted book).
INTRA_LINE_MAX_TOKENS = 4000
# A word or a punctuation mark with the spaces after it: one token, so that spaces,
# the most frequent token, never anchor a match.
_TOKEN = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")


@dataclass(frozen=True)
class Comparison:
    html: SafeString  # a <table class="diff">, empty string when the versions are identical
    added: int  # lines with text in the new version and not in the old one
    removed: int  # lines with text in the old version and not in the new one
    identical: bool  # the same lines (a blank line added counts as a change, not as added)


def split_lines(text: str) -> list[str]:
    """Lines as a reader sees them: any line ending, no phantom line after the last one."""
    if not text:
        return []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def _line_opcodes(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib opcodes over whole lines, after cutting the shared head and tail."""
    head = 0
    limit = min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    ids: dict[str, int] = {}
    old_ids = [ids.setdefault(line, len(ids)) for line in old[head : len(old) - tail]]
    new_ids = [ids.setdefault(line, len(ids)) for line in new[head : len(new) - tail]]
    opcodes = []
    if head:
        opcodes.append(("equal", 0, head, 0, head))
    # autojunk stays on: blank lines and "---" are frequent, and as junk they never anchor
    # a match (which keeps SequenceMatcher near-linear) but are still matched beside one.
    matcher = SequenceMatcher(None, old_ids, new_ids, autojunk=True)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if i1 == i2 and j1 == j2:
            continue
        opcodes.append((tag, i1 + head, i2 + head, j1 + head, j2 + head))
    if tail:
        opcodes.append(("equal", len(old) - tail, len(old), len(new) - tail, len(new)))
    return opcodes


def _pair_overlap(old: list[str], new: list[str]) -> float:
    """How alike two lines are, in linear time: the share of word pairs (bigrams) they
    have in common. Lines with a few words changed score high; a paragraph rewritten
    from the same vocabulary scores low, and SequenceMatcher (slow on such pairs) is
    spared."""
    old_pairs = Counter(zip(old, old[1:], strict=False))
    new_pairs = Counter(zip(new, new[1:], strict=False))
    total = sum(old_pairs.values()) + sum(new_pairs.values())
    if not total:
        return 1.0 if old == new else 0.0
    return 2 * sum((old_pairs & new_pairs).values()) / total


def _marked_pair(old: str, new: str) -> tuple[str, str] | None:
    """Both lines as escaped HTML with the changed words marked, or None when the lines
    are too different for word marks to help."""
    old_tokens = _TOKEN.findall(old)
    new_tokens = _TOKEN.findall(new)
    if len(old_tokens) + len(new_tokens) > INTRA_LINE_MAX_TOKENS:
        return None
    if _pair_overlap(old_tokens, new_tokens) < INTRA_LINE_MIN_RATIO:
        return None
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    old_html, new_html = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed = escape("".join(old_tokens[i1:i2]))
        added = escape("".join(new_tokens[j1:j2]))
        if tag == "equal":
            old_html.append(removed)
            new_html.append(added)
            continue
        if removed:
            old_html.append(f"<del>{removed}</del>")
        if added:
            new_html.append(f"<ins>{added}</ins>")
    return "".join(old_html), "".join(new_html)


def _row(old_number, old_html, new_number, new_html, kind: str) -> str:
    """One table row; the *_html arguments are already escaped, the rest are numbers
    and class names."""
    old_cell = "diff-del" if kind in ("del", "change") else "diff-ctx"
    new_cell = "diff-add" if kind in ("add", "change") else "diff-ctx"
    if old_number is None:
        old_cell = "diff-empty"
    if new_number is None:
        new_cell = "diff-empty"
    old_number = "" if old_number is None else old_number
    new_number = "" if new_number is None else new_number
    return (
        f'<tr><td class="diff-num">{old_number}</td><td class="{old_cell}">{old_html}</td>'
        f'<td class="diff-num">{new_number}</td><td class="{new_cell}">{new_html}</td></tr>'
    )


def _skip_row(count: int) -> str:
    label = ngettext("%(count)s unchanged line", "%(count)s unchanged lines", count) % {
        "count": count
    }
    return format_html('<tr class="diff-skip"><td colspan="4">{}</td></tr>', label)


def compare_texts(
    old: str,
    new: str,
    *,
    old_label: str = "",
    new_label: str = "",
    context: int = CONTEXT_LINES,
) -> Comparison:
    """Compare two versions; `old_label` / `new_label` head the two columns (for example
    "Version 3, Amina Diallo, 16 September 2020"; escaped here)."""
    old_lines = split_lines(old)
    new_lines = split_lines(new)
    if old_lines == new_lines:
        return Comparison(html=mark_safe(""), added=0, removed=0, identical=True)
    rows: list[str] = []
    added = removed = 0
    opcodes = _line_opcodes(old_lines, new_lines)
    last = len(opcodes) - 1
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            length = i2 - i1
            keep_head = 0 if index == 0 else context
            keep_tail = 0 if index == last else context
            if length > keep_head + keep_tail + 1:
                shown = [*range(keep_head), None, *range(length - keep_tail, length)]
            else:
                shown = range(length)
            for offset in shown:
                if offset is None:
                    rows.append(_skip_row(length - keep_head - keep_tail))
                    continue
                text = escape(old_lines[i1 + offset])
                rows.append(_row(i1 + offset + 1, text, j1 + offset + 1, text, "equal"))
            continue
        removed += sum(1 for line in old_lines[i1:i2] if line.strip())
        added += sum(1 for line in new_lines[j1:j2] if line.strip())
        for offset in range(max(i2 - i1, j2 - j1)):
            old_index = i1 + offset if i1 + offset < i2 else None
            new_index = j1 + offset if j1 + offset < j2 else None
            if old_index is not None and new_index is not None:
                marked = _marked_pair(old_lines[old_index], new_lines[new_index])
                if marked is not None:
                    rows.append(_row(old_index + 1, marked[0], new_index + 1, marked[1], "change"))
                    continue
            old_html = new_html = ""
            if old_index is not None:
                old_html = f"<del>{escape(old_lines[old_index])}</del>"
            if new_index is not None:
                new_html = f"<ins>{escape(new_lines[new_index])}</ins>"
            rows.append(
                _row(
                    None if old_index is None else old_index + 1,
                    old_html,
                    None if new_index is None else new_index + 1,
                    new_html,
                    "change",
                )
            )
    head = format_html(
        '<table class="diff"><thead><tr>'
        '<th scope="col" class="diff-num"><span class="visually-hidden">{}</span></th>'
        '<th scope="col">{}</th>'
        '<th scope="col" class="diff-num"><span class="visually-hidden">{}</span></th>'
        '<th scope="col">{}</th>'
        "</tr></thead><tbody>",
        pgettext("diff column", "Line"),
        old_label or _("Old version"),
        pgettext("diff column", "Line"),
        new_label or _("New version"),
    )
    return Comparison(
        # Safe: every piece of the texts and labels went through escape() or format_html.
        html=mark_safe(head + "".join(rows) + "</tbody></table>"),  # noqa: S308
        added=added,
        removed=removed,
        identical=False,
    )
