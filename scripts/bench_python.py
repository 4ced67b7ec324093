#!/usr/bin/env python3
"""The Python package's speed beside the command line's, in one run.

    python scripts/bench_python.py [--runs 5] [--spark] [--ray] [PAGE_FILES_OR_DIRS...]

Run it with an interpreter that has the package (``pip install ./python``,
with the ``spark`` / ``ray`` extras for those). By default the pages are the
HTML pages of ../shared/corpus/dev and ../shared/corpus/wcxb/html.

* ``clean_many(jobs=1)`` against ``deboiler clean -j 1 --format jsonl`` on
  the same files (both read the files, clean and render every record);
  medians of --runs alternating runs, and their ratio.
* ``--spark``: the pages as a JSONL file (url, html); ``deboiler clean -j 1``
  and ``-j 2`` on it against ``deboiler.spark.clean_dataframe`` in a local
  Spark (local[2], the session started beforehand, one warm-up job),
  writing to Spark's no-op sink: pages/s of each.
* ``--ray``: the same with ``deboiler.ray.clean_dataset`` on a local Ray
  (2 CPUs). Run the two engines in separate runs: the idle processes of
  one slow the other down.
"""

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


def page_files(args):
    paths = [Path(a) for a in args] or [CORPUS / "dev", CORPUS / "wcxb" / "html"]
    files = []
    for p in paths:
        if p.is_dir():
            files += sorted(x for x in p.iterdir() if x.name.endswith((".html", ".html.gz", ".htm")))
        else:
            files.append(p)
    if not files:
        sys.exit("no pages found (is ../shared/corpus beside the repository?)")
    return files


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def cli_run(binary, jobs, inputs):
    cmd = [str(binary), "clean", "-q", "-j", str(jobs), "--format", "jsonl", *map(str, inputs)]
    return lambda: subprocess.run(cmd, stdout=subprocess.DEVNULL, check=False)


def median_runs(runs, named):
    """Alternating runs of each function; the median seconds of each."""
    times = {name: [] for name in named}
    for _ in range(runs):
        for name, fn in named.items():
            times[name].append(timed(fn))
    return {name: statistics.median(t) for name, t in times.items()}


def report(pages, medians, baseline):
    for name, secs in medians.items():
        ratio = secs / medians[baseline]
        print(f"  {name:<34} {secs:8.3f} s  {pages / secs:8.1f} pages/s  time x{ratio:.3f} of {baseline}")


def write_jsonl(files, path):
    with open(path, "w", encoding="utf-8") as out:
        for f in files:
            raw = f.read_bytes()
            if f.name.endswith(".gz"):
                raw = gzip.decompress(raw)
            html = raw.decode("utf-8", errors="replace")
            out.write(json.dumps({"url": f"https://pages.example/{f.name}", "html": html}) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages", nargs="*")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--spark", action="store_true")
    ap.add_argument("--ray", action="store_true")
    ap.add_argument("--engines-only", action="store_true", help="skip the one-thread comparison")
    ap.add_argument("--bin", default=os.environ.get("DEBOILER_BIN", REPO / "target" / "release" / "deboiler"))
    args = ap.parse_args()

    import deboiler

    files = page_files(args.pages)
    cleaner = deboiler.Cleaner()

    def python_many():
        for _ in cleaner.clean_many((f.read_bytes() for f in files), jobs=1):
            pass

    def python_loop():
        for f in files:
            cleaner.clean(f.read_bytes())

    print(f"{len(files)} pages, {args.runs} runs each, medians")
    if not args.engines_only:
        print("one thread:")
        medians = median_runs(
            args.runs,
            {
                "deboiler clean -j 1": cli_run(args.bin, 1, files),
                "Cleaner.clean_many(jobs=1)": python_many,
                "Cleaner.clean in a loop": python_loop,
            },
        )
        report(len(files), medians, "deboiler clean -j 1")

    if not (args.spark or args.ray):
        return
    tmp = Path(tempfile.mkdtemp())
    jsonl = tmp / "pages.jsonl"
    write_jsonl(files, jsonl)
    engines = {
        "deboiler clean -j 1 (JSONL)": cli_run(args.bin, 1, [jsonl]),
        "deboiler clean -j 2 (JSONL)": cli_run(args.bin, 2, [jsonl]),
    }
    if args.spark:
        engines["Spark local[2], clean_dataframe"] = spark_job(jsonl)
    if args.ray:
        engines["Ray (2 CPUs), clean_dataset"] = ray_job(jsonl)
    for fn in list(engines.values())[2:]:
        fn()  # warm-up: JVM, Python workers, actors
    print("two cores, the pages as one JSONL file:")
    medians = median_runs(args.runs, engines)
    report(len(files), medians, "deboiler clean -j 2 (JSONL)")


def spark_job(jsonl):
    from pyspark.sql import SparkSession
    from pyspark.sql.types import StringType, StructField, StructType

    from deboiler.spark import clean_dataframe

    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.files.maxPartitionBytes", str(16 << 20))
        .getOrCreate()
    )
    schema = StructType([StructField("url", StringType()), StructField("html", StringType())])

    def run():
        df = spark.read.schema(schema).json(str(jsonl))
        clean_dataframe(df, "html", url_column="url").write.format("noop").mode("overwrite").save()

    return run


def ray_job(jsonl):
    import ray

    from deboiler.ray import clean_dataset

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False

    def run():
        clean_dataset(ray.data.read_json(str(jsonl)), "html", url_column="url").materialize()

    return run


if __name__ == "__main__":
    main()
