"""Topic queries: the language's cases, errors that say what to fix, and rematching on change."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import duckdb
import pytest

from flows.config import TopicSettings
from tests.monitoring.conftest import TOPICS
from transform.topics import TopicQueryError, match_text, parse_query
from warehouse.digest import alerts
from warehouse.monitoring import refresh_after_load, rematch_topics

TEXT = (
    "Secretary of State Marco Rubio said Japan's defense spending would rise, "
    "while NATO allies in Europe watched. Élysée officials declined to comment."
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rubio", ["rubio"]),
        ("RUBIO japan", ["japan", "rubio"]),  # side by side means AND; case does not matter
        ('"marco rubio" AND japan', ["japan", "marco rubio"]),
        ('"rubio marco"', None),  # a phrase keeps its order
        ("china OR nato", ["nato"]),
        ("japan AND NOT china", ["japan"]),
        ("japan NOT nato", None),
        ("(china OR europe) AND (defen* OR military)", ["defen*", "europe"]),
        ("rubio NEAR/3 japan", ["japan", "rubio"]),  # "said" sits between them
        ("rubio NEAR/0 japan", None),
        ("japan NEAR rubio", ["japan", "rubio"]),  # NEAR alone: within 10 words, either order
        ("spending NEAR/2 europe", None),
        ("elysee", ["elysee"]),  # accents folded
        ('"japan\'s defense"', ["japan's defense"]),  # possessive folded in text and query
    ],
)
def test_query_cases(query: str, expected: list[str] | None) -> None:
    assert match_text(query, TEXT) == expected


@pytest.mark.parametrize(
    ("query", "fix"),
    [
        ("japan AND", "ends too early"),
        ("(japan OR china", "ends too early"),
        ('"japan', "unbalanced quote"),
        ("OR japan", "needs a word or phrase"),
        ("japan )", "unexpected ')'"),
    ],
)
def test_broken_queries_say_what_is_wrong(query: str, fix: str) -> None:
    with pytest.raises(TopicQueryError, match=re.escape(fix)):
        parse_query(query)


def test_seed_topics_match_on_load(seeded: duckdb.DuckDBPyConnection) -> None:
    rows = seeded.execute(
        "SELECT topic, count(*) FROM topic_matches GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert rows == [("japan-defense", 2), ("not-europe", 1)]


def test_a_changed_topic_rematches_and_keeps_old_match_times(
    seeded: duckdb.DuckDBPyConnection,
) -> None:
    before = dict(
        seeded.execute(
            "SELECT article_id, matched_at FROM topic_matches WHERE topic = 'japan-defense'"
        ).fetchall()
    )
    later = datetime.now(UTC) + timedelta(hours=1)
    changed = [
        TopicSettings(name="japan-defense", query="japan AND colby"),  # now only one seed
        TopicSettings(name="rubio", query="rubio"),
    ]
    assert rematch_topics(seeded, changed, later) == ["japan-defense", "rubio"]
    rows = seeded.execute("SELECT topic, article_id, matched_at FROM topic_matches").fetchall()
    assert {t for t, _, _ in rows} == {"japan-defense", "rubio"}  # not-europe was removed
    kept = [(a, at) for t, a, at in rows if t == "japan-defense"]
    assert len(kept) == 1 and kept[0][1] == before[kept[0][0]]
    assert [a.topic for a in alerts(seeded, later)] == ["rubio"]  # only the new match is news
    assert rematch_topics(seeded, changed, later) == []  # unchanged: nothing to do


def test_refresh_picks_up_topic_changes_without_new_articles(
    seeded: duckdb.DuckDBPyConnection,
) -> None:
    topics = [*TOPICS, TopicSettings(name="pentagon", query="pentagon")]
    refresh_after_load(seeded, topics, [], datetime.now(UTC))
    assert seeded.execute(
        "SELECT matched_terms FROM topic_matches WHERE topic = 'pentagon'"
    ).fetchall() == [(["pentagon"],)]


def test_alerts_list_new_matches_newest_first(seeded: duckdb.DuckDBPyConnection) -> None:
    found = alerts(seeded, datetime.now(UTC) - timedelta(days=1))
    assert {(a.topic, a.source) for a in found} == {
        ("japan-defense", "seeds"),
        ("not-europe", "seeds"),
    }
    assert alerts(seeded, datetime.now(UTC) + timedelta(minutes=1)) == []


def test_articles_loaded_before_monitoring_are_found_for_backfill(
    seeded: duckdb.DuckDBPyConnection,
) -> None:
    from warehouse.monitoring import unmonitored_ids

    assert unmonitored_ids(seeded) == []
    seeded.execute("DELETE FROM search_documents")
    missing = unmonitored_ids(seeded)
    assert len(missing) == 2
    refresh_after_load(seeded, TOPICS, missing, datetime.now(UTC))
    assert unmonitored_ids(seeded) == []
    assert seeded.execute("SELECT count(*) FROM topic_matches").fetchone() == (3,)
