"""Meeting notes "versions compared" on two long versions: Markdown notes of BENCH_NOTES_WORDS
words (20,000 by default) with the edits people make between versions, compared
BENCH_NOTES_RUNS times; the worst wall-clock and CPU times are printed (the notes compare
view must answer in under 200 ms).

    make bench                      # with the other benches
    .venv/bin/python bench/notes_compare_bench.py

No database needed. events/tests/test_compare.py holds the typical edit under the bound.
"""

import os
import random
import sys
import time
from pathlib import Path

VOCABULARY = (  # noqa: SIM905 - a sentence reads better than a list of 57 strings
    "health workers payment mobile money claims scheme district ministry delays campaign "
    "immunisation openIMIS dashboard enrolment insurance per diem provider reconciliation "
    "the a of to and in for with on by that this we they report data monthly quarterly "
    "facility community agents transfer fees registration consent evidence results "
    "Cameroon Nepal Tanzania Senegal pilot rollout budget audit training supervision"
).split()
ORGANISATIONS = ["BEPHA", "openIMIS desk", "Ministry of Health", "World Bank", "GIZ", "Swiss TPH"]


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(VOCABULARY) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def notes(words: int, seed: int = 2020) -> list[str]:
    """Markdown notes as blocks (one per paragraph, heading, list item or Q&A line), about
    `words` words long, shaped like the implementers' call record."""
    rng = random.Random(seed)
    blocks, count, section = [], 0, 0
    while count < words:
        section += 1
        blocks.append(f"## Session {section}: {_sentence(rng, 5)}")
        for _ in range(rng.randint(2, 4)):
            length = rng.randint(40, 120)
            blocks.append(_sentence(rng, length))
            count += length
        for _ in range(rng.randint(2, 5)):
            blocks.append(f"- {_sentence(rng, rng.randint(5, 15))}")
            count += 10
        blocks.append(f"**Q:** {_sentence(rng, 15)}")
        for organisation in rng.sample(ORGANISATIONS, 2):
            blocks.append(f"**A ({organisation}):** {_sentence(rng, rng.randint(20, 60))}")
            count += 40
    return blocks


def join(blocks: list[str]) -> str:
    # Lists stay tight; every other block is its own paragraph.
    out = []
    for block in blocks:
        if out and not (block.startswith("- ") and out[-1].startswith("- ")):
            out.append("")
        out.append(block)
    return "\n".join(out) + "\n"


def scenarios(words: int) -> dict[str, tuple[str, str]]:
    rng = random.Random(16)
    old = notes(words)
    pairs = {}

    edited = list(old)
    for index in rng.sample(range(len(edited)), 12):  # words changed here and there
        tokens = edited[index].split(" ")
        tokens[len(tokens) // 2] = "CHANGED"
        edited[index] = " ".join(tokens)
    edited.insert(len(edited) // 3, _sentence(rng, 80))  # a paragraph added
    del edited[2 * len(edited) // 3]  # one removed
    pairs["typical revision"] = (join(old), join(edited))

    moved = list(old)
    section = moved[len(moved) // 4 : len(moved) // 4 + 12]
    del moved[len(moved) // 4 : len(moved) // 4 + 12]
    moved[len(moved) // 2 : len(moved) // 2] = section
    pairs["section moved"] = (join(old), join(moved))

    rewritten = [_sentence(rng, 60) if i % 5 == 0 else block for i, block in enumerate(old)]
    pairs["every 5th block rewritten"] = (join(old), join(rewritten))

    pairs["first version"] = ("", join(old))
    pairs["all text replaced"] = (join(old), join(notes(words, seed=7)))
    return pairs


def versions(words: int = 20_000) -> tuple[str, str]:
    """The typical revision: what the tests hold under the bound."""
    return scenarios(words)["typical revision"]


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_portal.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    import django

    django.setup()
    from events.compare import compare_texts

    words = int(os.environ.get("BENCH_NOTES_WORDS", "20000"))
    runs = int(os.environ.get("BENCH_NOTES_RUNS", "5"))
    print(f"Notes versions compared, {words} words per version, worst of {runs} runs")
    print(f"{'edit':<26} {'lines':>6} {'added':>6} {'removed':>7} {'ms':>8} {'cpu ms':>8}")
    for name, (old, new) in scenarios(words).items():
        wall, cpu = [], []
        for _ in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            comparison = compare_texts(old, new)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        lines = max(old.count("\n"), new.count("\n"))
        print(
            f"{name:<26} {lines:>6} {comparison.added:>6} {comparison.removed:>7}"
            f" {max(wall):>8.1f} {max(cpu):>8.1f}"
        )


if __name__ == "__main__":
    main()
