"""The eml connector through newsmon's own test kit: real pipeline, temp DuckDB, golden file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from newsmon.testing import Landed, assert_matches_golden
from newsmon_eml import EmlFolder

MESSAGES = Path(__file__).parent / "messages"


def test_messages_land_as_articles_and_junk_as_errors(
    ingest_connector: Callable[..., Landed], update_golden: bool
) -> None:
    landed = ingest_connector(EmlFolder(name="press", path=MESSAGES), kind="eml")
    [article] = landed.articles
    assert article["title"] == "Ministers agree on a new coastal defence plan"
    assert article["byline"] == "Press Office <press@ministry.example>"
    assert str(article["published_at"]).startswith("2025-07-08 23:30:00")
    assert [(e["uri"], e["stage"]) for e in landed.errors] == [("notamail.eml", "parse")]
    record = {"body": article["body"], "url": article["url"], "title": article["title"]}
    assert_matches_golden(
        record, Path(__file__).parent / "golden" / "briefing.json", update=update_golden
    )


def test_a_rerun_lands_nothing_new(ingest_connector: Callable[..., Landed]) -> None:
    source = EmlFolder(name="press", path=MESSAGES)
    ingest_connector(source, kind="eml")
    rerun = ingest_connector(source, kind="eml")
    assert (rerun.summary.counts.inserted, rerun.summary.counts.unchanged) == (0, 1)
