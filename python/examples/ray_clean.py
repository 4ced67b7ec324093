"""Clean a JSONL file of pages with Ray Data and write Parquet.

    python examples/ray_clean.py pages.jsonl clean/ [--address auto] [--cpus N]

Each input line is a JSON object with the page in ``html`` (or the column
--column names) and, optionally, its ``url``. The output has the input's
columns but the page, plus clean_title, clean_text, clean_lang,
clean_page_type, clean_url, clean_site_name, clean_author, clean_published
and clean_error.
"""

import argparse

import ray

from deboiler.ray import clean_dataset


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input", help="JSONL file (or directory) of pages")
    ap.add_argument("output", help="Parquet directory to write")
    ap.add_argument("--address", default=None, help="a Ray cluster's address (default: start a local Ray)")
    ap.add_argument("--cpus", type=int, default=None, help="CPUs of the local Ray")
    ap.add_argument("--column", default="html", help="the pages' field")
    ap.add_argument("--url-column", default="url", help="the URLs' field ('' for none)")
    ap.add_argument("--rules", action="append", default=[], help="extra rule file or directory")
    args = ap.parse_args()

    if args.address:
        ray.init(address=args.address)
    else:
        ray.init(num_cpus=args.cpus, include_dashboard=False)
    pages = ray.data.read_json(args.input)
    url_column = args.url_column if args.url_column in pages.columns() else None
    cleaned = clean_dataset(pages, args.column, url_column=url_column, rules=args.rules)
    cleaned.drop_columns([args.column]).write_parquet(args.output)
    ray.shutdown()


if __name__ == "__main__":
    main()
