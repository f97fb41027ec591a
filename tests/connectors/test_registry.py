"""The connector registry: every kind tested and documented, plugins found by entry point alone."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from connectors.base import ConfigError
from connectors.registry import build_connector, installed_kinds
from flows.cli import app
from tests.conftest import write_config

ROOT = Path(__file__).parents[2]
EML_MESSAGES = ROOT / "examples" / "newsmon-eml" / "tests" / "messages"
BUILT_IN = {k: v for k, v in installed_kinds().items() if v.origin.startswith("newsmon ")}


@pytest.mark.parametrize("kind", sorted(BUILT_IN))
def test_every_built_in_kind_has_a_test_file(kind: str) -> None:
    assert (ROOT / "tests" / "connectors" / f"test_{kind}.py").exists(), (
        f"connector kind '{kind}' has no tests/connectors/test_{kind}.py"
    )


@pytest.mark.parametrize("kind", sorted(BUILT_IN))
def test_every_built_in_kind_has_a_readme_row(kind: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"^\| `{kind}` \|", readme, re.MULTILINE), f"README has no row for '{kind}'"


@pytest.mark.parametrize("kind", sorted(BUILT_IN))
def test_every_built_in_kind_loads_and_rejects_unknown_options(kind: str) -> None:
    with pytest.raises(ConfigError, match=rf"source 'x' \(kind {kind}\) has bad options"):
        build_connector(kind, {"name": "x", "no_such_option": 1})


def test_the_example_plugin_is_found_through_its_entry_point_alone() -> None:
    kinds = installed_kinds()
    assert "eml" in kinds, "examples/newsmon-eml is not installed (make install does it)"
    assert kinds["eml"].origin == "newsmon-eml 0.1.0"


def test_the_example_plugin_shows_in_sources_and_ingests_through_run(
    tmp_path: Path, prefect_api: None
) -> None:
    source = f'[[sources]]\nname = "press"\nkind = "eml"\npath = "{EML_MESSAGES}"\n'
    config = write_config(tmp_path, source)
    runner = CliRunner()
    listed = json.loads(
        runner.invoke(app, ["sources", "-c", str(config), "--format", "json"]).stdout
    )
    assert {
        "kind": "eml",
        "from": "newsmon-eml 0.1.0",
        "target": "newsmon_eml:EmlFolder",
    } in listed["kinds"]
    result = runner.invoke(app, ["run", "-c", str(config), "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["inserted"], summary["failed"]) == (1, 1)
