"""The two seed articles clean exactly right (issue 2), pinned by golden files."""

from __future__ import annotations

from pathlib import Path

import pytest

import transform
from connectors.base import RawDocument
from tests.golden import assert_matches_golden
from transform.article import article_record

SEEDS = Path(__file__).parents[2] / "seeds"
GOLDEN = Path(__file__).parent / "golden"


def clean_seed(name: str) -> transform.Article:
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return transform.clean(RawDocument(source="seeds", uri=path.name, content=path.read_bytes()))


@pytest.mark.parametrize("seed", ["000", "004"])
def test_seed_matches_golden(seed: str, update_golden: bool) -> None:
    record = article_record(clean_seed(seed))
    assert_matches_golden(record, GOLDEN / f"seed_{seed}.json", update=update_golden)


def test_breadcrumb_menu_and_reply_prompt_are_removed_with_reasons() -> None:
    removed = {(r.reason, r.text) for r in clean_seed("004").removed}
    assert ("comment_prompt", "Leave a Reply") in removed
    assert ("navigation", "Menu") in removed
    assert any(
        reason == "breadcrumb" and text.startswith("Home > News >") for reason, text in removed
    )


def test_glued_caption_is_split_off_and_body_starts_at_the_story() -> None:
    article = clean_seed("004")
    assert article.title == "Top U.S. and Japan officials discuss reinforcing military alliance"
    captions = [p.text for p in article.paragraphs if p.kind == "caption"]
    assert len(captions) == 1 and captions[0].startswith("U.S. Undersecretary")
    assert captions[0].endswith("in Tokyo on Wednesday.")
    assert article.body.startswith("A top Pentagon official discussed")
    assert "|" not in article.body
    # The later paragraph that starts like the caption is real body text and stays.
    assert "Takehiro Funakoshi on Wednesday, according to a statement" in article.body


def test_headings_are_found_and_all_body_text_is_kept() -> None:
    article = clean_seed("000")
    assert (
        article.title
        == "Rubio Signals U.S. Focus on Japan\u2019s Defense Capabilities, Not Just Spending"
    )
    headings = [p.text for p in article.paragraphs if p.kind == "heading"]
    assert headings == [
        "Shifting Focus to Strategic Investments",
        "Implications for Regional Security",
    ]
    assert article.removed == ()
    source_lines = (SEEDS / next(SEEDS.glob("000_*.txt")).name).read_text().splitlines()[1:]
    assert article.body.split("\n\n") == [line for line in source_lines if line]
