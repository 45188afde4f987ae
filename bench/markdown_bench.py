"""The Markdown renderer on hostile input: each input at the longest length a form accepts
(COP_MARKDOWN_MAX_LENGTH), rendered BENCH_MARKDOWN_RUNS times; the worst wall-clock and CPU
times are printed (CPU time says what the input costs when other work shares the machine).

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


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_portal.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    import django

    django.setup()
    from django.conf import settings

    from cop_portal.markdown import render_markdown

    runs = int(os.environ.get("BENCH_MARKDOWN_RUNS", "3"))
    length = settings.COP_MARKDOWN_MAX_LENGTH
    mentions = {"@Amina Diallo": "/members/1/"}
    rows = []
    for name, source in hostile_inputs(length).items():
        wall, cpu = [], []
        for _ in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            render_markdown(source, mentions=mentions)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        rows.append((name, len(source), max(wall), max(cpu)))
    rows.sort(key=lambda row: row[3], reverse=True)
    print(f"Markdown renderer, worst of {runs} runs, at COP_MARKDOWN_MAX_LENGTH={length}")
    print(f"{'input':<16} {'length':>7} {'ms':>8} {'cpu ms':>8}")
    for name, size, ms, cpu_ms in rows:
        print(f"{name:<16} {size:>7} {ms:>8.1f} {cpu_ms:>8.1f}")


if __name__ == "__main__":
    main()
