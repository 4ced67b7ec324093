"""deboiler.spark on a local Spark (local[2]): one output row per input row,
the command line's text for every page, an error value for an invalid row,
and the example job runs."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import check_rows, require_engine

pyspark = require_engine("pyspark")
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "spark_clean.py"


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # The workers run this interpreter, which has the package.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("deboiler-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_a_dataframe_gets_the_command_lines_text(spark, page_rows):
    from deboiler.spark import clean_dataframe

    path, expected = page_rows
    df = spark.read.json(str(path)).repartition(4)
    out = clean_dataframe(df, "html", url_column="url")
    assert out.columns[-9:] == [
        "clean_title", "clean_text", "clean_lang", "clean_page_type", "clean_url",
        "clean_site_name", "clean_author", "clean_published", "clean_error",
    ]
    rows = [r.asDict() for r in out.select("url", "clean_text", "clean_title", "clean_page_type", "clean_error").collect()]
    check_rows(rows, expected)


def test_bad_settings_fail_on_the_driver(spark, page_rows):
    from deboiler.spark import clean_dataframe

    df = spark.read.json(str(page_rows[0]))
    with pytest.raises(ValueError, match="no rule pack"):
        clean_dataframe(df, "html", packs=["c5"])
    with pytest.raises(ValueError, match="no column 'body'"):
        clean_dataframe(df, "body")


def test_the_example_job_writes_parquet(tmp_path, page_rows):
    import pyarrow.parquet as pq

    path, expected = page_rows
    out = tmp_path / "clean"
    subprocess.run(
        [sys.executable, str(EXAMPLE), str(path), str(out), "--master", "local[2]"],
        check=True,
        env={**os.environ, "PYSPARK_PYTHON": sys.executable},
    )
    rows = pq.read_table(out).to_pylist()
    assert "html" not in rows[0]
    check_rows(rows, expected)


def test_warc_files_fan_out_as_the_readme_shows(spark, cli):
    import deboiler
    from conftest import FIXTURES, cli_records

    paths = [str(FIXTURES / "batch" / n) for n in ("crawl.warc", "crawl.warc.gz", "crawl.warc.wet.gz")]
    rdd = spark.sparkContext.parallelize(paths, len(paths))
    records = rdd.flatMap(lambda p: deboiler.Cleaner().clean_many(deboiler.read_warc(p), jobs=1)).collect()
    assert records == [r for p in paths for r in cli_records(cli, p)]
