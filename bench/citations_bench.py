"""Citations on a 5,000-record library: reading it as Mendeley writes BibTeX (LaTeX accents,
CRLF) and as Zotero writes RIS, finding duplicates against 20,000 existing items, and writing
5,000 references in each format. Best and worst of BENCH_CITATION_RUNS runs, wall-clock and CPU.

    make bench                      # with the other benches
    .venv/bin/python bench/citations_bench.py

No database needed. The same records are the test data of evidence/tests/test_citations.py,
which holds the round trip under a generous bound.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_portal.settings")

from evidence.citations import (  # noqa: E402
    find_duplicates,
    parse_bibtex,
    parse_ris,
    to_bibtex,
    to_csl_json,
    to_ris,
)
from evidence.tests.citation_samples import mendeley_style, sample_references  # noqa: E402

RECORDS = int(os.environ.get("BENCH_CITATION_RECORDS", "5000"))
EXISTING = int(os.environ.get("BENCH_CITATION_EXISTING", "20000"))
RUNS = int(os.environ.get("BENCH_CITATION_RUNS", "3"))


def timed(work) -> tuple[float, float, float]:
    """Best and worst wall-clock seconds and worst CPU seconds over RUNS runs."""
    walls, cpus = [], []
    for _ in range(RUNS):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), max(walls), max(cpus)


def main() -> None:
    refs = sample_references(RECORDS)
    existing = dict(enumerate(sample_references(EXISTING, seed=18)))
    bibtex = mendeley_style(to_bibtex(refs)).encode("utf-8-sig")
    ris = to_ris(refs).encode("utf-8")
    parsed = parse_bibtex(bibtex).references
    rows = [
        (
            f"parse BibTeX, {RECORDS:,} records ({len(bibtex) / 1e6:.1f} MB)",
            lambda: parse_bibtex(bibtex),
        ),
        (f"parse RIS, {RECORDS:,} records ({len(ris) / 1e6:.1f} MB)", lambda: parse_ris(ris)),
        (
            f"duplicates, {RECORDS:,} vs {EXISTING:,} existing",
            lambda: find_duplicates(parsed, existing),
        ),
        (f"write BibTeX, {RECORDS:,}", lambda: to_bibtex(refs)),
        (f"write RIS, {RECORDS:,}", lambda: to_ris(refs)),
        (f"write CSL-JSON, {RECORDS:,}", lambda: to_csl_json(refs)),
    ]
    print(f"{'citations':<52} {'best s':>8} {'worst s':>8} {'cpu s':>8}", flush=True)
    for label, work in rows:
        best, worst, cpu = timed(work)
        print(f"{label:<52} {best:>8.2f} {worst:>8.2f} {cpu:>8.2f}", flush=True)
    print(f"(target: importing {RECORDS:,} records under 30 s; {RUNS} runs each)")


if __name__ == "__main__":
    main()
