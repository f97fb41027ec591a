"""Nobody let in: read-only queries, SQL values only as parameters, fetched text never rendered."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import duckdb
import pytest
from rich.console import Console

from flows import render
from warehouse.connect import connect
from warehouse.errors import QueryError
from warehouse.query import QueryResult, run_query

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    """A migrated, empty warehouse."""
    connect(tmp_path / "w.duckdb").close()
    return tmp_path / "w.duckdb"


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO sources VALUES ('x', 'folder', '{}', now())",
        "DELETE FROM articles",
        "UPDATE runs SET status = 'x'",
        "DROP TABLE articles",
        "CREATE TABLE evil (a INTEGER)",
        "ATTACH '{dir}/other.duckdb' AS o",
        "COPY (SELECT 1) TO '{dir}/out.csv'",
        "SELECT * FROM read_text('{dir}/secret.txt')",
    ],
)
def test_newsmon_query_refuses_writes_and_file_access(warehouse: Path, sql: str) -> None:
    (warehouse.parent / "secret.txt").write_text("secret")
    with pytest.raises(QueryError):
        run_query(warehouse, sql.replace("{dir}", str(warehouse.parent)))
    assert not (warehouse.parent / "out.csv").exists()
    assert run_query(warehouse, "SELECT count(*) FROM articles").rows == [(0,)]


# f-string SQL that interpolates only constant names (tables of a fixed tuple, a WHERE chosen
# between two literals); anything new must use parameters or be reviewed and added here.
REVIEWED = {
    ("warehouse/load.py", "_count"),
    ("warehouse/load.py", "_write_articles"),
    ("warehouse/load.py", "_insert_table"),
    ("warehouse/documents.py", "articles_to_reprocess"),
    ("warehouse/integrity.py", "_tables"),
    ("warehouse/monitoring.py", "_write_matches"),  # a constant WHERE; values are $names
    ("warehouse/bulk.py", "delete_rows_of"),  # table names of fixed tuples; ids are a view
    ("warehouse/bulk.py", "insert_arrow"),  # table and Arrow column names, not values
    ("warehouse/maintenance.py", "export_parquet"),  # COPY takes no parameter: quoted literal
}
SQL_METHODS = {"execute", "executemany", "sql", "query"}


def formatted_sql_calls() -> set[tuple[str, str, int]]:
    """(file, function, line) of every execute/sql call whose SQL is built by formatting."""
    found = set()
    for path in sorted([*ROOT.glob("warehouse/*.py"), *ROOT.glob("flows/*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            for node in ast.walk(function):
                if _formats_sql(node):
                    assert isinstance(node, ast.Call)
                    found.add((path.relative_to(ROOT).as_posix(), function.name, node.lineno))
    return found


def _formats_sql(node: ast.AST) -> bool:
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    if node.func.attr not in SQL_METHODS or not node.args:
        return False
    sql = node.args[0]
    is_format = isinstance(sql, ast.Call) and getattr(sql.func, "attr", "") == "format"
    return isinstance(sql, ast.JoinedStr | ast.BinOp) or is_format


def test_values_reach_sql_only_as_parameters() -> None:
    unreviewed = {(f, fn, line) for f, fn, line in formatted_sql_calls() if (f, fn) not in REVIEWED}
    assert unreviewed == set(), "SQL built by formatting; pass values as parameters (?)"


def test_hostile_names_are_stored_verbatim_as_parameters(warehouse: Path) -> None:
    name = "x'); DROP TABLE articles; --"
    con = connect(warehouse)
    try:
        con.execute("INSERT INTO source_state VALUES (?, ?, now())", [name, "{}"])
        assert con.execute("SELECT source FROM source_state").fetchall() == [(name,)]
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (0,)
    finally:
        con.close()


@pytest.mark.parametrize("title", ["[/bold]", "[bold red]Injected[/]", "\x1b[2Jcleared"])
def test_query_tables_show_fetched_text_literally(title: str) -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=200)
    render.print_query(console, QueryResult(["title"], [(title,)]), "table")
    shown = buffer.getvalue()
    assert title.replace("\x1b", "") in shown.replace("\x1b", "") or "[bold red]" in shown
    assert "\x1b[2J" not in shown


def test_fetched_html_is_never_executed_only_parsed() -> None:
    """lxml parses without network or entity loading; scripts are dropped, never run."""
    import transform
    from connectors.base import RawDocument

    page = (
        b"<html><body><script>throw new Error('ran')</script><article><p>"
        + b"A paragraph long enough to keep as the text of this article, with words. " * 3
        + b"</p></article><img src=x onerror=alert(1)></body></html>"
    )
    article = transform.clean(RawDocument("s", "http://x.test/a", page, "text/html"))
    assert "throw" not in article.body and "onerror" not in article.body
    assert duckdb.__name__  # the warehouse stores text; nothing renders it but the CLI above
