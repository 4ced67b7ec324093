"""Shared helpers: the repository's fixtures and the command line, whose
records the package must reproduce."""

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
#: The dev corpus beside the repository, when it is there.
CORPUS = REPO.parent / "shared" / "corpus" / "dev"


@pytest.fixture(scope="session")
def cli():
    """The deboiler binary (DEBOILER_BIN, else built from this clone)."""
    path = os.environ.get("DEBOILER_BIN")
    if path:
        return Path(path)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    return REPO / "target" / "release" / "deboiler"


def cli_records(cli, *args):
    """The JSONL records `deboiler clean --format jsonl ARGS` writes."""
    out = subprocess.run(
        [str(cli), "clean", "-q", "--format", "jsonl", *map(str, args)],
        capture_output=True,
        check=False,
    )
    assert out.returncode in (0, 1), out.stderr.decode()
    return [json.loads(line) for line in out.stdout.decode().splitlines()]


def page_files():
    """Pages of the fixtures: HTML of several kinds and text dumps."""
    html = sorted((FIXTURES / "html").glob("*.html"))
    seeds = sorted((FIXTURES / "seeds").glob("*.txt"))
    assert html and seeds, f"no fixtures under {FIXTURES}"
    return html + seeds


def require_engine(module: str):
    """Imports a cluster engine (pyspark, ray): skipped when it is not
    installed, a failure when DEBOILER_TEST_ENGINES=1 says it must be."""
    if os.environ.get("DEBOILER_TEST_ENGINES") == "1":
        import importlib

        return importlib.import_module(module)
    return pytest.importorskip(module)


@pytest.fixture(scope="session")
def page_rows(tmp_path_factory, cli):
    """A JSONL file of pages (``url``, ``html``): the dev corpus's HTML
    pages when the corpus is beside the repository, else the fixtures;
    then one invalid row (``html`` null). Returns the path and the
    command line's records for it, by URL."""
    import gzip

    pages = sorted(CORPUS.glob("*.html.gz")) or sorted((FIXTURES / "html").glob("*.html"))
    path = tmp_path_factory.mktemp("pages") / "pages.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for page in pages:
            raw = page.read_bytes()
            if page.suffix == ".gz":
                raw = gzip.decompress(raw)
            html = raw.decode("utf-8", errors="replace")
            out.write(json.dumps({"url": f"https://pages.example/{page.name}", "html": html}) + "\n")
        out.write(json.dumps({"url": "https://pages.example/invalid", "html": None}) + "\n")
    records = {r["url"]: r for r in cli_records(cli, path)}
    assert len(records) == len(pages) + 1
    return path, records


def check_rows(rows, expected):
    """Rows of a cleaned table against the command line's records: one row
    per input row, the same text, title and page type, and an error (not a
    failed job) for the invalid row."""
    assert len(rows) == len(expected)
    assert {r["url"] for r in rows} == set(expected)
    for row in rows:
        want = expected[row["url"]]
        assert row["clean_text"] == want["clean_text"], row["url"]
        assert row["clean_title"] == want["clean_title"], row["url"]
        assert row["clean_page_type"] == want["clean_page_type"], row["url"]
    bad = next(r for r in rows if r["url"].endswith("/invalid"))
    assert bad["clean_error"] and bad["clean_text"] == ""
    good = [r for r in rows if not r["url"].endswith("/invalid")]
    assert all(r["clean_error"] is None for r in good)
    assert sum(bool(r["clean_text"]) for r in good) >= 0.9 * len(good)
