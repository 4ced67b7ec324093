"""deboiler.ray on a local Ray: one output row per input row, the command
line's text for every page, an error value for an invalid row, and the
example job runs."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import check_rows, require_engine

ray = require_engine("ray")
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "ray_clean.py"


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_a_dataset_gets_the_command_lines_text(local_ray, page_rows):
    from deboiler.ray import clean_dataset

    path, expected = page_rows
    ds = ray.data.read_json(str(path))
    out = clean_dataset(ds, "html", url_column="url", batch_size=16)
    rows = out.drop_columns(["html"]).to_pandas().to_dict("records")
    rows = [{k: (None if v != v else v) for k, v in r.items()} for r in rows]  # NaN: null
    check_rows(rows, expected)


def test_the_example_job_writes_parquet(tmp_path, page_rows):
    import pyarrow.parquet as pq

    path, expected = page_rows
    out = tmp_path / "clean"
    run = subprocess.run(
        [sys.executable, str(EXAMPLE), str(path), str(out), "--cpus", "2"],
        check=True, capture_output=True, text=True,
    )
    deprecated = [line for line in run.stderr.splitlines() if "deprecat" in line.lower()]
    assert not [line for line in deprecated if "concurrency" in line], deprecated
    rows = pq.read_table(out).to_pylist()
    assert "html" not in rows[0]
    check_rows(rows, expected)
