"""Build a held-out extraction set in the bench format from newspaper4k's own test pages.

The cleaners are tuned on ../shared/bench; their scores are also checked on pages never seen.
newspaper4k (MIT) ships 23 pages with the article text it expects (BBC Chinese, Nikkei, Thai,
Burmese, Arabic, Latvian, Spanish, CNN, Wired, TIME...). This fetches its source package from
the package registry, and lays the pages out as a bench folder whose harness, scorer and
reference extractors are the shared bench's own (linked, not copied):

    .venv/bin/python benchmarks/heldout.py              # -> benchmarks/.heldout
    .venv/bin/python benchmarks/extraction.py --bench benchmarks/.heldout -d newspaper4k

Use it to find what fails on new pages, not to tune on: fix the general cause, then check
that ../shared/bench does not lose.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "newspaper4k==0.9.6"
DATASET = "newspaper4k"
BENCH_FILES = ("harness.py", "metrics.py", "extractors.py")


def download_source(package: str, into: Path) -> Path:
    """The package's source archive (tests included), fetched with pip from the registry."""
    pip = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
    subprocess.run([*pip, "--no-binary", ":all:", "--dest", str(into), package], check=True)
    archives = sorted(into.glob("*.tar.gz"))
    if not archives:
        raise SystemExit(f"pip downloaded no source archive of {package} into {into}")
    return archives[0]


def test_pages(archive: Path) -> dict[str, tuple[str, str]]:
    """{name: (html, expected text)} for each test page that has its expected text."""
    html: dict[str, str] = {}
    text: dict[str, str] = {}
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            parts = member.name.split("/")
            if len(parts) < 3 or parts[-3:-1] not in (["data", "html"], ["data", "txt"]):
                continue
            stream = tar.extractfile(member)
            if stream is None:
                continue
            content = stream.read().decode("utf-8", errors="replace")
            name, _, suffix = parts[-1].rpartition(".")
            (html if suffix == "html" else text)[name] = content
    return {name: (html[name], text[name]) for name in sorted(html.keys() & text.keys())}


def write_bench(pages: dict[str, tuple[str, str]], bench: Path, shared: Path) -> None:
    """A bench folder: the shared harness files linked, the pages under data/<DATASET>/."""
    data = bench / "data" / DATASET
    (data / "html").mkdir(parents=True, exist_ok=True)
    for name in BENCH_FILES:
        link = bench / name
        if not link.exists():
            link.symlink_to((shared / name).resolve())
    truth = {
        name: {"articleBody": expected.strip(), "url": None}
        for name, (_, expected) in pages.items()
    }
    (data / "ground-truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1))
    for name, (html, _) in pages.items():
        (data / "html" / f"{name}.html.gz").write_bytes(gzip.compress(html.encode("utf-8")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / ".heldout")
    parser.add_argument("--shared-bench", type=Path, default=ROOT.parent / "shared" / "bench")
    args = parser.parse_args()
    if not (args.shared_bench / "harness.py").exists():
        raise SystemExit(f"no harness.py in {args.shared_bench}; pass --shared-bench")
    with tempfile.TemporaryDirectory() as tmp:
        pages = test_pages(download_source(PACKAGE, Path(tmp)))
    write_bench(pages, args.out, args.shared_bench)
    print(f"{len(pages)} pages in {args.out / 'data' / DATASET}; now run:")
    print(f"  .venv/bin/python benchmarks/extraction.py --bench {args.out} -d {DATASET}")


if __name__ == "__main__":
    main()
