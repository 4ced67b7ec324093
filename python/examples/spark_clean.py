"""Clean a JSONL file of pages with Spark and write Parquet.

    python examples/spark_clean.py pages.jsonl clean/ [--master local[*]]

Each input line is a JSON object with the page in ``html`` (or the column
--column names) and, optionally, its ``url``. The output has the input's
columns but the page, plus clean_title, clean_text, clean_lang,
clean_page_type, clean_url, clean_site_name, clean_author, clean_published
and clean_error.
"""

import argparse

from pyspark.sql import SparkSession

from deboiler.spark import clean_dataframe


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input", help="JSONL file (or directory, or glob) of pages")
    ap.add_argument("output", help="Parquet directory to write")
    ap.add_argument("--master", default=None, help="Spark master (default: spark-submit's, else local[*])")
    ap.add_argument("--column", default="html", help="the pages' field")
    ap.add_argument("--url-column", default="url", help="the URLs' field ('' for none)")
    ap.add_argument("--rules", action="append", default=[], help="extra rule file or directory")
    args = ap.parse_args()

    builder = SparkSession.builder.appName("deboiler-clean")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    pages = spark.read.json(args.input)
    url_column = args.url_column if args.url_column in pages.columns else None
    cleaned = clean_dataframe(pages, args.column, url_column=url_column, rules=args.rules)
    cleaned.drop(args.column).write.mode("overwrite").parquet(args.output)
    spark.stop()


if __name__ == "__main__":
    main()
