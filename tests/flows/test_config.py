"""newsmon.toml validation: every mistake is caught before work starts, naming the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.base import ConfigError
from flows.config import load_config
from tests.conftest import write_config


def test_the_repository_config_loads_with_the_seed_folder() -> None:
    config = load_config(Path(__file__).parents[2] / "newsmon.toml")
    assert list(config.connectors) == ["seeds"]
    assert config.warehouse_path.name == "newsmon.duckdb"
    assert config.warehouse_path.parent.name == "warehouse"


def test_unknown_kind_names_the_known_kinds(tmp_path: Path) -> None:
    write_config(tmp_path, '[[sources]]\nname = "x"\nkind = "rs"\nurl = "http://example.org"\n')
    with pytest.raises(
        ConfigError, match=r"unknown connector kind .rs.*known: .*folder, rss, sitemap, web"
    ):
        load_config(tmp_path / "newsmon.toml")


def test_unknown_option_names_the_options_of_the_kind(tmp_path: Path) -> None:
    write_config(
        tmp_path, '[[sources]]\nname = "x"\nkind = "folder"\npath = "."\nglobb = "*.txt"\n'
    )
    with pytest.raises(
        ConfigError, match=r"`globb`: Extra inputs.*Options of folder: name, path, glob\?"
    ):
        load_config(tmp_path / "newsmon.toml")


def test_wrong_type_is_named(tmp_path: Path) -> None:
    write_config(
        tmp_path, '[[sources]]\nname = "x"\nkind = "folder"\npath = "."\nmax_bytes = "big"\n'
    )
    with pytest.raises(ConfigError, match="`max_bytes`"):
        load_config(tmp_path / "newsmon.toml")


def test_duplicate_source_names_are_rejected(tmp_path: Path) -> None:
    source = '[[sources]]\nname = "x"\nkind = "folder"\npath = "."\n'
    write_config(tmp_path, source + source)
    with pytest.raises(ConfigError, match="repeated: x"):
        load_config(tmp_path / "newsmon.toml")


def test_unknown_top_level_key_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "newsmon.toml").write_text('[warehouse]\npaht = "x.duckdb"\n')
    with pytest.raises(ConfigError, match=r"`warehouse\.paht`"):
        load_config(tmp_path / "newsmon.toml")


def test_missing_file_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no config file.*--config"):
        load_config(tmp_path / "absent.toml")


def test_unknown_source_selection_lists_the_configured_ones(tmp_path: Path) -> None:
    write_config(tmp_path, '[[sources]]\nname = "x"\nkind = "folder"\npath = "."\n')
    with pytest.raises(ConfigError, match=r"no enabled source named y; configured: x"):
        load_config(tmp_path / "newsmon.toml").select(["y"])


def test_paths_resolve_from_the_config_folder_not_the_working_directory(tmp_path: Path) -> None:
    write_config(tmp_path, '[[sources]]\nname = "x"\nkind = "folder"\npath = "articles"\n')
    config = load_config(tmp_path / "newsmon.toml")
    assert config.connectors["x"].path == tmp_path / "articles"  # type: ignore[attr-defined]
    assert config.warehouse_path == tmp_path / "newsmon.duckdb"


def test_a_memory_limit_duckdb_cannot_read_is_refused_by_name(tmp_path: Path) -> None:
    config = write_config(tmp_path, '[[sources]]\nname = "x"\nkind = "folder"\npath = "."\n')
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("[warehouse]\n", '[warehouse]\nmemory_limit = "lots"\n'))
    with pytest.raises(ConfigError, match=r'memory_limit`.*write one like "1GB"'):
        load_config(tmp_path / "newsmon.toml")
