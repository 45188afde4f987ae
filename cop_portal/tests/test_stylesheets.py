"""Every stylesheet parses: a block left open turns every later rule into a wide-screen-only
rule (issue 15.1: an unclosed @media flattened the threads on phones)."""

from pathlib import Path

import pytest
import tinycss2
from django.conf import settings

STYLESHEETS = sorted(Path(settings.BASE_DIR, "static").rglob("*.css"))


def css_problems(css: str) -> list[str]:
    """Parse errors anywhere (rules, at-rule bodies, declarations) and blocks not closed."""
    problems = []
    # tinycss2, like browsers, closes at the end of the file whatever block is still open; its
    # serialisation then writes the missing "}", so a lossless round trip proves the balance.
    tokens = tinycss2.parse_component_value_list(css)
    if tinycss2.serialize(tokens) != css:
        problems.append("a block, string or function is not closed before the end of the file")

    def stray(tokens):
        for token in tokens:
            if token.type == "error":
                problems.append(f"line {token.source_line}: {token.message}")
            stray(getattr(token, "content", None) or getattr(token, "arguments", None) or [])

    stray(tokens)

    def walk(nodes, where):
        for node in nodes:
            if node.type == "error":
                problems.append(f"{where} line {node.source_line}: {node.message}")
            elif node.type == "at-rule" and node.content is not None:
                nested = node.lower_at_keyword in ("media", "supports", "layer", "container")
                parse = tinycss2.parse_rule_list if nested else tinycss2.parse_blocks_contents
                walk(parse(node.content, True, True), f"@{node.at_keyword}")
            elif node.type == "qualified-rule":
                walk(
                    tinycss2.parse_blocks_contents(node.content, True, True),
                    tinycss2.serialize(node.prelude).strip(),
                )
            elif node.type == "declaration" and not tinycss2.serialize(node.value).strip():
                problems.append(f"{where} line {node.source_line}: {node.name} has no value")

    walk(tinycss2.parse_stylesheet(css, True, True), "stylesheet")
    return problems


def test_there_are_stylesheets_to_check():
    assert Path(settings.BASE_DIR, "static", "css", "site.css") in STYLESHEETS


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda path: path.name)
def test_stylesheet_parses_without_error_or_unclosed_block(path):
    assert css_problems(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "css",
    [
        "@media (min-width: 48rem) {\n  .a { color: red; }\n.b { color: blue; }\n",
        ".a { color: red;\n",
        ".a { color: red; } }\n.b { color: blue; }\n",
        ".a { color: ; }\n",
        ".a { color red; }\n",
    ],
    ids=["unclosed-media", "unclosed-rule", "stray-brace", "empty-value", "no-colon"],
)
def test_checker_catches_broken_css(css):
    assert css_problems(css) != []
