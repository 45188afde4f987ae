"""Citations out (issue 17 item 5) and in (item 6): the files as Zotero, Mendeley, EndNote
and JabRef write them, checked against real parsers (rispy, bibtexparser)."""

import datetime
import json
import time
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares
from django.core.exceptions import ValidationError
from django.utils import translation

from evidence.citations import (
    KINDS,
    CitationFileError,
    CorporateAuthor,
    Duplicate,
    Person,
    Reference,
    find_duplicates,
    normalise_doi,
    normalise_title,
    parse_bibtex,
    parse_citations,
    parse_ris,
    to_bibtex,
    to_csl_json,
    to_ris,
    validate_doi,
)
from evidence.tests.citation_samples import mendeley_style, sample_references

DATA = Path(__file__).parent / "data"


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


@pytest.fixture
def references() -> list[Reference]:
    return [
        Reference(
            title="Digital payments to health workers: a guide for WHO & UNICEF programmes",
            kind="policy_brief",
            authors=[
                CorporateAuthor("World Health Organization"),
                Person("Nguéma", "François"),
                Person("de la Fontaine", "Marie-Claude"),
            ],
            year=2021,
            date=datetime.date(2021, 3, 15),
            publisher="World Health Organization",
            doi="https://doi.org/10.1000/WHO.2021_15",
            url="https://www.who.int/publications/i/item/9789240000001?lang=fr",
            keywords=["mobile money", "health workers"],
            report_number="WHO/HIS/2021.1",
            countries=["CM", "KE"],
        ),
        Reference(
            title="Paying community health workers by mobile money in Cameroon",
            kind="research_study",
            authors=[Person("Diallo", "Amina"), Person("Müller", "Anke")],
            year=2020,
            doi="10.1186/s12913-020-05123-4",
            url="https://doi.org/10.1186/s12913-020-05123-4",
            container="BMC Health Services Research",
            volume="20",
            issue="1",
            pages="512–520",
        ),
    ]


def plain_name(author) -> tuple[str, str]:
    if isinstance(author, CorporateAuthor):
        return (author.name, "")
    return (author.family, author.given)


# --- Citations out ----------------------------------------------------------------------


def test_ris_export_parses_with_rispy_and_keeps_authors_year_title_doi_url(references):
    records = rispy.loads(to_ris(references))
    assert [r["title"] for r in records] == [r.title for r in references]
    assert [r["authors"] for r in records] == [
        ["World Health Organization", "Nguéma, François", "de la Fontaine, Marie-Claude"],
        ["Diallo, Amina", "Müller, Anke"],
    ]
    assert [r["year"] for r in records] == ["2021", "2020"]
    assert [r["doi"] for r in records] == ["10.1000/who.2021_15", "10.1186/s12913-020-05123-4"]
    assert [r["urls"] for r in records] == [[r.url] for r in references]
    assert [r["type_of_reference"] for r in records] == ["RPRT", "JOUR"]


def bibtexparser_entries(text: str):
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
            middlewares.LatexDecodingMiddleware(),
        ],
    )
    assert library.failed_blocks == []
    return library.entries


def test_bibtex_export_parses_with_bibtexparser_and_keeps_authors_year_title_doi_url(
    references,
):
    text = to_bibtex(references)
    entries = bibtexparser_entries(text)
    assert [e.entry_type for e in entries] == ["techreport", "article"]
    assert [e["title"].replace("{", "").replace("}", "") for e in entries] == [
        r.title for r in references
    ]
    names = [
        [(" ".join(p.von + p.last).strip("{}"), " ".join(p.first)) for p in e["author"]]
        for e in entries
    ]
    assert names == [[plain_name(a) for a in r.authors] for r in references]
    assert [e["year"] for e in entries] == ["2021", "2020"]
    raw = bibtexparser.parse_string(text).entries  # URLs and DOIs are verbatim, not LaTeX
    assert [e["doi"] for e in raw] == ["10.1000/who.2021_15", "10.1186/s12913-020-05123-4"]
    assert [e["url"] for e in raw] == [r.url for r in references]


def test_bibtex_export_puts_a_corporate_author_in_double_braces(references):
    assert "author = {{World Health Organization} and Nguéma, François" in to_bibtex(references)


def test_bibtex_export_escapes_latex_special_characters():
    text = to_bibtex(Reference(title="100% of costs & fees_paid #1 {draft} $5 ~x ^y \\z"))
    assert (
        r"title = {100\% of costs \& fees\_paid \#1 \{draft\} \$5 "
        r"\textasciitilde{}x \textasciicircum{}y \textbackslash{}z}"
    ) in text
    assert (
        parse_bibtex(text).references[0].title
        == "100% of costs & fees_paid #1 {draft} $5 ~x ^y \\z"
    )


def test_bibtex_export_protects_acronyms_from_lower_casing():
    assert "title = {Paying {CHWs} by {mHealth} in Kenya}" in to_bibtex(
        Reference(title="Paying CHWs by mHealth in Kenya")
    )


def test_bibtex_keys_are_stable_and_unique():
    twin = Reference(title="Paying health workers", year=2021, authors=[Person("Diallo", "A")])
    corporate = Reference(
        title="The guide", year=2020, authors=[CorporateAuthor("World Health Organization")]
    )
    entries = bibtexparser.parse_string(to_bibtex([twin, twin, corporate, twin])).entries
    keys = [e.key for e in entries]
    assert keys == ["diallo2021paying", "diallo2021payinga", "who2020guide", "diallo2021payingb"]
    assert [e.key for e in bibtexparser.parse_string(to_bibtex([twin, twin])).entries] == keys[:2]


def test_every_kind_exports_to_a_type_zotero_reads():
    refs = [Reference(title=f"A {kind}", kind=kind, year=2024) for kind in KINDS]
    assert [r["type_of_reference"] for r in rispy.loads(to_ris(refs))] == [
        "JOUR", "RPRT", "RPRT", "RPRT", "RPRT", "RPRT", "DATA", "SLIDE", "UNPB", "RPRT"
    ]  # fmt: skip
    assert [e.entry_type for e in bibtexparser.parse_string(to_bibtex(refs)).entries] == [
        "article", "techreport", "techreport", "techreport", "techreport", "techreport",
        "misc", "misc", "unpublished", "techreport",
    ]  # fmt: skip
    assert [item["type"] for item in json.loads(to_csl_json(refs))] == [
        "article-journal", "report", "report", "report", "report", "report",
        "dataset", "speech", "manuscript", "report",
    ]  # fmt: skip


@pytest.mark.parametrize("write", [to_ris, to_bibtex])
def test_each_kind_comes_back_from_our_own_export(write):
    refs = [Reference(title=f"A {kind}", kind=kind, year=2024) for kind in KINDS]
    assert [r.kind for r in parse_citations(write(refs)).references] == list(KINDS)


def test_csl_json_is_an_array_with_the_keys_zotero_needs(references):
    items = json.loads(to_csl_json(references))
    assert [sorted({"id", "type", "title"} - set(item)) for item in items] == [[], []]
    assert items[0]["author"] == [
        {"literal": "World Health Organization"},
        {"family": "Nguéma", "given": "François"},
        {"family": "de la Fontaine", "given": "Marie-Claude"},
    ]
    assert items[0]["issued"] == {"date-parts": [[2021, 3, 15]]}
    assert (items[0]["DOI"], items[1]["URL"]) == ("10.1000/who.2021_15", references[1].url)
    assert len({item["id"] for item in items}) == 2


def test_csl_json_of_one_reference_is_a_list_of_one(references):
    assert [item["title"] for item in json.loads(to_csl_json(references[0]))] == [
        references[0].title
    ]


@pytest.mark.parametrize("write", [to_ris, to_bibtex])
def test_our_export_reads_back_the_same_references(references, write):
    back = parse_citations(write(references)).references
    fields = ("title", "authors", "year", "date", "url", "kind", "publisher", "report_number")
    for field in fields:
        assert [getattr(r, field) for r in back] == [getattr(r, field) for r in references]
    assert [r.doi for r in back] == [normalise_doi(r.doi) for r in references]
    assert [r.pages for r in back] == ["", "512-520"]


# --- Citations in: files as the tools write them -------------------------------------------


def test_zotero_ris_reads_corporate_author_policy_brief_and_full_date():
    guide, study = parse_citations(read("zotero.ris"), "My Library.ris").references
    assert guide.authors == [CorporateAuthor("World Health Organization")]
    assert (guide.kind, guide.date, guide.report_number) == (
        "policy_brief",
        datetime.date(2021, 3, 15),
        "WHO/HIS/2021.1",
    )
    assert study.authors == [
        Person("Diallo", "Amina"),
        Person("Nguéma", "François"),
        Person("Müller", "Anke"),
    ]
    assert (study.kind, study.doi, study.container, study.pages) == (
        "research_study",
        "10.1186/s12913-020-05123-4",
        "BMC Health Services Research",
        "512-520",
    )
    assert study.report_number == ""  # SN of a journal article is its ISSN


def test_endnote_ris_with_bom_and_crlf_reads_continued_abstract_and_doi_link():
    raw = read("endnote_bom_crlf.ris")
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    article, ongoing = parse_ris(raw).references
    assert article.title == "Délais de paiement des agents de santé communautaires au Burkina Faso"
    assert article.authors == [Person("Kaboré", "Aïssata"), Person("Ouédraogo", "S.")]
    assert article.abstract == (
        "Les retards de paiement des relais communautaires réduisent leur motivation."
    )
    assert article.keywords == ["paiement mobile", "agents de santé communautaires"]
    assert (article.year, article.doi, article.source_key) == (
        2018,
        "10.1016/j.socscimed.2018.01.002",
        "123",
    )
    assert (ongoing.kind, ongoing.publisher) == (
        "ongoing_research",
        "Makerere University School of Public Health",
    )


def test_zotero_bibtex_reads_double_braced_corporate_author_and_month_macro():
    guide, study = parse_citations(read("zotero.bib"), "Exported Items.bib").references
    assert guide.authors == [CorporateAuthor("World Health Organization")]
    assert (guide.kind, guide.year, guide.month, guide.publisher) == (
        "policy_brief",
        2021,
        3,
        "World Health Organization",
    )
    assert study.title == (
        "Paying community health workers by mobile money in Cameroon: a mixed-methods evaluation"
    )
    assert (study.source_key, study.pages, study.issue) == ("diallo_paying_2020", "512-520", "1")


def test_mendeley_bibtex_decodes_latex_accents_and_takes_the_first_url():
    study, guide = parse_bibtex(read("mendeley.bib")).references
    assert study.authors == [
        Person("Diallo", "Amina"),
        Person("Nguéma", "François"),
        Person("Müller", "Anke"),
    ]
    assert study.doi == "10.1186/s12913-020-05123-4"
    assert study.url == (
        "https://bmchealthservres.biomedcentral.com/articles/10.1186/s12913-020-05123-4_ref"
    )
    assert study.keywords == ["Community health workers", "Digital payments", "Mobile money"]
    assert "40 % of payments" in study.abstract
    assert guide.authors == [CorporateAuthor("Ministère de la Santé Publique du Cameroun")]
    assert guide.title == "Guide de paiement des relais communautaires par téléphone mobile"


def test_jabref_bibtex_expands_strings_and_reads_given_family_and_von_names():
    brief, article = parse_bibtex(read("jabref.bib")).references
    assert brief.authors == [
        Person("Okello", "Joseph"),
        Person("Traoré", "Aïssata"),
        Person("Østergaard", "Lars"),
    ]  # "and others" is not an author
    assert (brief.publisher, brief.note, brief.month) == (
        "World Health Organization",
        "Prepared with World Health Organization",
        5,
    )
    assert brief.title == "Paying immunisation campaign workers: lessons from Uganda and Mali"
    assert article.authors == [
        Person("Kaboré", "François"),
        Person("de la Fontaine", "Marie-Claude"),
        Person("Schön", "Björn"),
    ]
    assert article.title == "Délais de paiement des agents de santé — une revue"
    assert (article.container, article.year, article.doi) == (
        "Santé Publique",
        2018,
        "10.3917/spub.181.0045",
    )


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"{\'e}", "é"),
        (r"\'{e}", "é"),
        (r"\"{o}", "ö"),
        (r"{\"o}", "ö"),
        (r"{\c c}", "ç"),
        (r"\c{c}", "ç"),
        (r"{\`{e}}", "è"),
        (r"\^{o}", "ô"),
        (r"\~{n}", "ñ"),
        (r"{\"\i}", "ï"),
        (r"\v{s}", "š"),
        (r"{\O}", "Ø"),
        (r"{\ss}", "ß"),
        (r"\emph{mobile} money", "mobile money"),
        (r"10\,\% \& more", "10 % & more"),
        ("2019--2021", "2019–2021"),
        ("a~b", "a b"),
    ],
)
def test_bibtex_title_decodes_latex(latex, text):
    entry = f"@misc{{k,\n  title = {{{latex}}},\n}}\n"
    assert parse_bibtex(entry).references[0].title == text


def test_ris_author_without_comma_is_a_person_or_an_organisation():
    text = (
        "TY  - RPRT\nTI  - T\nAU  - Amina Diallo\nAU  - UNICEF\nAU  - World Bank\n"
        "AU  - Gavi, the Vaccine Alliance\nAU  - Ministry of Health, Kenya\n"
        "AU  - Médecins Sans Frontières\nAU  - Ouédraogo, S.\nER  - \n"
    )
    assert parse_ris(text).references[0].authors == [
        Person("Diallo", "Amina"),
        CorporateAuthor("UNICEF"),
        CorporateAuthor("World Bank"),
        CorporateAuthor("Gavi, the Vaccine Alliance"),
        CorporateAuthor("Ministry of Health, Kenya"),
        CorporateAuthor("Médecins Sans Frontières"),
        Person("Ouédraogo", "S."),
    ]


def test_bibtex_reads_parenthesised_entries_quoted_values_and_concatenation():
    text = '@string(org = "Gavi")\n@misc(k1, title = "Report of " # org # {, {\\em 2020}},)\n'
    assert parse_bibtex(text).references[0].title == "Report of Gavi, 2020"


# --- Malformed files: a clear message naming the record, no partial result ------------------


def test_malformed_bibtex_names_the_record_and_line_and_returns_nothing():
    with pytest.raises(CitationFileError) as caught:
        parse_bibtex(read("malformed.bib"))
    assert (caught.value.record, caught.value.name, caught.value.line) == (2, "second2021", 8)
    assert caught.value.messages == [
        "Record 2 (second2021, line 8): a comma is missing after the field “title”."
    ]


def test_malformed_ris_names_the_record_by_its_title():
    with pytest.raises(CitationFileError) as caught:
        parse_citations(read("malformed.ris"), "library.ris")
    assert caught.value.messages == [
        "Record 2 (A record whose end was lost, line 7) does not end with “ER  -” before the "
        "next record or the end of the file."
    ]


def test_malformed_file_message_is_in_french_for_a_french_reader():
    with translation.override("fr"), pytest.raises(CitationFileError) as caught:
        parse_bibtex(read("malformed.bib"))
    with translation.override("fr"):
        assert caught.value.messages == [
            "Référence 2 (second2021, ligne 8)\u00a0: il manque une virgule après le champ "
            "«\u00a0title\u00a0»."
        ]


@pytest.mark.parametrize(
    ("text", "code", "record", "line"),
    [
        ("@article{a,\n title = {Open brace,\n year = {2020},\n}\n", "bib_unclosed", 1, 1),
        ("@article{,\n title = {No key}}\n", "bib_no_key", 1, 1),
        ("@article{k,\n title = {T},\n 2020\n}\n", "bib_field_name", 1, 3),
        ("@article{k,\n title = @bad\n}\n", "bib_field_value", 1, 2),
        ("@article{k,\n year = {2020}\n}\n", "no_title", 1, 1),
        ("TY  - JOUR\nTI  - T\nER  - \nER  - \n", "ris_stray_end", 2, 4),
        ("TY  - JOUR\nTI  - Last one\n", "ris_unended", 1, 1),
        ("TY  - JOUR\nAU  - Diallo, Amina\nER  - \n", "no_title", 1, 1),
        ("", "empty", None, None),
        ("just some notes\n", "unknown_format", None, None),
        ("% only a comment\n@comment{nothing here}\n", "empty", None, None),
    ],
)
def test_broken_files_are_refused_with_the_record_and_line(text, code, record, line):
    with pytest.raises(CitationFileError) as caught:
        parse_citations(text)
    assert (caught.value.code, caught.value.record, caught.value.line) == (code, record, line)
    assert all(message.strip() for message in caught.value.messages)


def test_ris_access_date_is_not_the_publication_date():
    text = "TY  - ELEC\nTI  - A page\nPY  - 2019\nY2  - 2024/05/01/12:00:00\nER  - \n"
    (ref,) = parse_ris(text).references
    assert (ref.year, ref.month, ref.date) == (2019, None, None)


def test_a_cp1252_endnote_file_is_read():
    text = "TY  - RPRT\r\nTI  - Délais de paiement\r\nAU  - Kaboré, Aïssata\r\nER  - \r\n"
    (ref,) = parse_ris(text.encode("cp1252")).references
    assert (ref.title, ref.authors) == ("Délais de paiement", [Person("Kaboré", "Aïssata")])


# --- Duplicates and DOIs -----------------------------------------------------------------


def test_duplicates_are_found_by_doi_or_by_title_and_year():
    existing = {
        41: Reference(title="Paying CHWs by mobile money", year=2020, doi="10.1000/ABC"),
        42: Reference(title="Délais de paiement : une revue", year=2018),
    }
    incoming = [
        Reference(title="Another title", year=2021, doi="https://doi.org/10.1000/abc"),
        Reference(title="DELAIS DE PAIEMENT — UNE REVUE!", year=2018),
        Reference(title="Délais de paiement : une revue", year=2019),
        Reference(title="New study", year=2022, doi="10.1000/new"),
        Reference(title="New study, again", year=2023, doi="doi:10.1000/NEW"),
        Reference(title="New study", year=2022),
    ]
    assert find_duplicates(incoming, existing) == [
        Duplicate(0, "doi", existing=41),
        Duplicate(1, "title_year", existing=42),
        Duplicate(4, "doi", earlier=3),
        Duplicate(5, "title_year", earlier=3),
    ]


def test_duplicates_against_a_plain_list_name_positions():
    existing = [Reference(title="A"), Reference(title="B", year=2020)]
    found = find_duplicates([Reference(title="b", year=2020)], existing)
    assert found == [Duplicate(0, "title_year", existing=1)]


@pytest.mark.parametrize(
    ("value", "doi"),
    [
        ("10.1186/S12913-020-05123-4", "10.1186/s12913-020-05123-4"),
        ("https://doi.org/10.1000/ABC", "10.1000/abc"),
        ("http://dx.doi.org/10.1000/abc", "10.1000/abc"),
        ("doi:10.1000/abc ", "10.1000/abc"),
        ("DOI: 10.1000/abc", "10.1000/abc"),
        ("", ""),
    ],
)
def test_normalise_doi(value, doi):
    assert normalise_doi(value) == doi


def test_normalise_title_ignores_accents_case_and_punctuation():
    assert normalise_title("  Délais de paiement : une REVUE!  ") == "delais de paiement une revue"


@pytest.mark.parametrize("value", ["10.1000/abc", "https://doi.org/10.1186/s12913-020-0", ""])
def test_doi_validator_accepts_dois_and_their_links(value):
    validate_doi(value)


@pytest.mark.parametrize("value", ["abc", "10.10/x", "https://example.org/10.1000", "10.1000/"])
def test_doi_validator_refuses_what_is_not_a_doi_in_the_readers_language(value):
    with pytest.raises(ValidationError) as caught:
        validate_doi(value)
    with translation.override("fr"):
        assert caught.value.messages == [
            "Saisissez un DOI tel que 10.1000/xyz123, ou son lien https://doi.org/."
        ]


# --- Several thousand records ---------------------------------------------------------------


def test_five_thousand_records_round_trip_quickly():
    refs = sample_references(5000)
    started = time.perf_counter()
    bibtex = parse_bibtex(mendeley_style(to_bibtex(refs)).encode("utf-8-sig")).references
    ris = parse_ris(to_ris(refs)).references
    duplicates = find_duplicates(bibtex)
    elapsed = time.perf_counter() - started
    assert elapsed < 30, elapsed  # about 3 s on the two-core machine with others running
    for back in (bibtex, ris):
        assert [(r.title, r.authors, r.year, r.url) for r in back] == [
            (r.title, r.authors, r.year, r.url) for r in refs
        ]
    assert len(duplicates) == 100  # one in fifty repeats an earlier record
