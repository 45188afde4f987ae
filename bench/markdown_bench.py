"""The Markdown renderer on hostile input: each input at the longest length a form accepts
(COP_MARKDOWN_MAX_LENGTH), rendered BENCH_MARKDOWN_RUNS times; the worst wall-clock and CPU
times are printed (CPU time says what the input costs when other work shares the machine).
Then the same and more at the meeting notes' length (NOTES_MAX_LENGTH), which the renderer
takes block by block (BENCH_MARKDOWN_LONG_RUNS times).

    make bench                      # with the other benches
    .venv/bin/python bench/markdown_bench.py

No database needed. The same inputs are the renderer's tests
(cop_portal/tests/test_markdown.py), which hold each under a generous bound.
"""

import os
import sys
import time
from pathlib import Path


def _fill(unit: str, length: int, tail: str = "") -> str:
    return (unit * ((length - len(tail)) // len(unit)) + tail)[:length]


def hostile_inputs(length: int) -> dict[str, str]:
    """Inputs that made one Markdown parser or another slow (CommonMark's
    pathological_tests.py and the ones found here), each `length` characters long."""
    return {
        "[ run": _fill("[", length),
        "![ run": _fill("![", length),
        "[` run": _fill("[`", length),
        "[a]( run": _fill("[a](", length),
        "] run": _fill("]", length),
        "[]( run": _fill("[](", length),
        "[x]: run": _fill("[x]: ", length),
        "` run": _fill("`", length),
        "`a`` run": _fill("`a``", length),
        "*_ run": _fill("*_", length),
        "* run": _fill("*", length),
        "_a* run": _fill("_a*", length),
        "**a run": _fill("**a", length),
        "< run": _fill("<", length),
        "<a run": _fill("<a ", length),
        "<http: run": _fill("<http://", length),
        "&# run": _fill("&#", length),
        "\\ run": _fill("\\", length),
        "- nested": _fill("- ", length, "x"),
        "1. nested": _fill("1. ", length, "x"),
        "> nested": _fill("> ", length, "x"),
        "> - nested": _fill("> - ", length, "x"),
        "indented lists": "".join(f"{'  ' * i}- x\n" for i in range(200))[:length],
        "deep list lines": _fill("- " * 15 + "x\n", length),
        "deep lazy quote": ("> " * 600 + "x\n" + "y\n" * length)[:length],
        "setext headings": _fill("a\n=\n", length),
        "links in links": _fill("[a [b [c [d ", length),
        "reference uses": ("[x]: /u\n" + "[x] " * length)[:length],
        "emphasis mix": _fill("_**_*__*", length),
        "hard breaks": _fill("a  \n", length),
        "long line": _fill("word ", length),
        "5,000 links": _fill("[a](https://e.org/) ", length),
        "autolinks": _fill("<https://example.org/a> ", length),
        "bare urls": _fill("https://example.org/a ", length),
        "html-ish": _fill("<div><script>x</script><a href='javascript:x'>", length),
        "table columns": "|" + _fill("a|", length // 2 - 2) + "\n|" + _fill("-|", length // 2 - 2),
        "table rows": "| a | b |\n|---|---|\n" + _fill("| x |\n", length - 20),
        "table tiny rows": "a|b\n-|-\n" + _fill("|\n", length - 8),
        "headings": _fill("# h\n", length),
        "fences": _fill("```\n", length),
        "mentions": _fill("@Amina Diallo ", length),
    }


def hostile_long_inputs(length: int) -> dict[str, str]:
    """The hostile inputs again at a long text's length (meeting notes, rendered block by
    block), and the same constructs cut into blocks by blank lines, which a block-by-block
    renderer parses one by one."""

    def blocks(unit: str, count: int) -> str:
        return _fill(unit * count + "\n\n", length)

    return {
        **hostile_inputs(length),
        "blocks of ![": blocks("![", 2400),
        "blocks of [": blocks("[", 4000),
        "blocks of [a [b": blocks("[a [b ", 800),
        "blocks of [a [b]": blocks("[a [b " * 800 + "]", 1),
        "blocks of *_a": blocks("*_a ", 1000),
        "blocks lazy quote": blocks("> " * 600 + "x\n" + "y\n" * 1500, 1),
        "blocks short lines": blocks("yyyyy\n", 1600),
        "blocks quoted lines": blocks("> > > y\n", 190),
        "blocks of lists": blocks("- a\n  - b\n    - c\n", 300),
        # As many list items and quoted lines as a chunk may parse, padded with prose.
        "blocks at the budget": blocks("- a\n" * 150 + "\n" + "word " * 1900 + "\n\n", 1),
        "quotes at the budget": blocks("> > " * 12 + "y\n" + "y\n" * 50 + "\n" + "w " * 4500, 1),
    }


def _rows(inputs: dict[str, str], runs: int, max_length: int | None = None) -> list[tuple]:
    from cop_portal.markdown import render_markdown

    mentions = {"@Amina Diallo": "/members/1/"}
    rows = []
    for name, source in inputs.items():
        wall, cpu = [], []
        for _ in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            render_markdown(source, mentions=mentions, max_length=max_length)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        rows.append((name, len(source), max(wall), max(cpu)))
    rows.sort(key=lambda row: row[3], reverse=True)
    return rows


def _print(rows: list[tuple]) -> None:
    print(f"{'input':<20} {'length':>7} {'ms':>8} {'cpu ms':>8}")
    for name, size, ms, cpu_ms in rows:
        print(f"{name:<20} {size:>7} {ms:>8.1f} {cpu_ms:>8.1f}")


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_portal.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    import django

    django.setup()
    from django.conf import settings

    from events.models import NOTES_MAX_LENGTH

    runs = int(os.environ.get("BENCH_MARKDOWN_RUNS", "3"))
    length = settings.COP_MARKDOWN_MAX_LENGTH
    print(f"Markdown renderer, worst of {runs} runs, at COP_MARKDOWN_MAX_LENGTH={length}")
    _print(_rows(hostile_inputs(length), runs))
    long_runs = int(os.environ.get("BENCH_MARKDOWN_LONG_RUNS", "1"))
    print()
    print(
        f"Long texts (meeting notes, block by block), worst of {long_runs} runs, "
        f"at NOTES_MAX_LENGTH={NOTES_MAX_LENGTH}"
    )
    _print(_rows(hostile_long_inputs(NOTES_MAX_LENGTH), long_runs, NOTES_MAX_LENGTH))


if __name__ == "__main__":
    main()
