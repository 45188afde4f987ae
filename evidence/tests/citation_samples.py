"""Many realistic references for the citation tests and bench/citations_bench.py: accented
names, corporate authors, DOIs, every kind, and one record in fifty repeating an earlier one."""

import datetime
import random

from evidence.citations import KINDS, CorporateAuthor, Person, Reference

FAMILY = [
    "Diallo",
    "Nguéma",
    "Okello",
    "Traoré",
    "Kaboré",
    "Müller",
    "Ouédraogo",
    "Mensah",
    "Njoroge",
    "Bâ",
    "Ndiaye",
    "Østergaard",
    "Wanjiru",
    "Côté",
    "Mwangi",
    "Sánchez",
]
GIVEN = [
    "Amina",
    "François",
    "Joseph",
    "Aïssata",
    "Anke",
    "Kwame",
    "Zoë",
    "Hélène",
    "Björn",
    "Grace",
    "Moussa",
    "Léa",
]
CORPORATE = [
    "World Health Organization",
    "Ministère de la Santé Publique du Cameroun",
    "Gavi, the Vaccine Alliance",
    "UNICEF",
    "World Bank",
]
TOPICS = [
    "Mobile money payments",
    "Délais de paiement",
    "Digital payroll",
    "Paying CHWs",
    "Performance-based financing",
    "Immunisation campaign payments",
    "Agent networks",
]
PLACES = ["Kenya", "Uganda", "Cameroun", "Burkina Faso", "Sénégal", "Côte d’Ivoire", "Mali"]
ACCENTS = {
    "é": r"{\'{e}}",
    "è": r"{\`{e}}",
    "ô": r"{\^{o}}",
    "ü": r"{\"{u}}",
    "ï": r"{\"{i}}",
    "â": r"{\^{a}}",
    "ç": r"{\c{c}}",
    "ë": r"{\"{e}}",
    "á": r"{\'{a}}",
    "ö": r"{\"{o}}",
    "Ø": r"{\O}",
}


def sample_references(count: int, seed: int = 17) -> list[Reference]:
    rng = random.Random(seed)
    refs = []
    for number in range(count):
        if number % 50 == 49:  # a repeat of an earlier record, as libraries have them
            refs.append(refs[rng.randrange(len(refs))])
            continue
        authors = [Person(rng.choice(FAMILY), rng.choice(GIVEN)) for _ in range(rng.randint(1, 4))]
        if number % 7 == 0:
            authors.insert(0, CorporateAuthor(rng.choice(CORPORATE)))
        year = rng.randint(2005, 2026)
        refs.append(
            Reference(
                title=f"{rng.choice(TOPICS)} in {rng.choice(PLACES)}: study {number}",
                kind=KINDS[number % len(KINDS)],
                authors=authors,
                year=year,
                date=datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                publisher=rng.choice(CORPORATE),
                doi=f"10.{1000 + number % 9000}/cop.{number}" if number % 3 else "",
                url=f"https://example.org/evidence/{number}?lang=fr&v=2",
                abstract="Les agents de santé sont payés par mobile money; 40 % à temps. " * 3,
                keywords=["mobile money", "agents de santé", "paiements"],
                language=rng.choice(["en", "fr"]),
                container="BMC Health Services Research" if number % 2 else "",
                volume=str(number % 40),
                pages=f"{number % 300}–{number % 300 + 12}",
            )
        )
    return refs


def mendeley_style(bibtex: str) -> str:
    """The same BibTeX as Mendeley Desktop writes it: accents as LaTeX, CRLF line ends."""
    for letter, latex in ACCENTS.items():
        bibtex = bibtex.replace(letter, latex)
    return bibtex.replace("\n", "\r\n")
