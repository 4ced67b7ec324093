"""Cleaning pages in a PySpark DataFrame.

    >>> from deboiler.spark import clean_dataframe
    >>> pages = spark.read.json("pages.jsonl")          # columns url, html
    >>> clean_dataframe(pages, "html", url_column="url").write.parquet("clean")

The cleaning runs in ``mapInPandas``: Arrow batches of rows go to the
Python workers, each of which builds its cleaner once (on its first batch)
and cleans the batch in Rust. Every input row gives one output row; a row
whose page is null or cannot be cleaned has its reason in ``clean_error``
instead of failing the job.
"""

from typing import Any, Optional, Sequence

from ._frames import DEFAULT_FIELDS, checked, clean_frame, cleaner_for, column_names

__all__ = ["clean_dataframe", "DEFAULT_FIELDS"]


def clean_dataframe(
    df: Any,
    column: str = "html",
    *,
    url_column: Optional[str] = None,
    kind: str = "auto",
    prefix: str = "clean_",
    fields: Sequence[str] = DEFAULT_FIELDS,
    jobs: int = 1,
    **settings: Any,
) -> Any:
    """``df`` with the cleaned columns added (``clean_title``,
    ``clean_text``, ``clean_lang``, ``clean_page_type``, ``clean_url``,
    ``clean_site_name``, ``clean_author``, ``clean_published``,
    ``clean_error``; all strings, null when unknown).

    Arguments:
        df: a pyspark.sql.DataFrame with a column of pages (string or binary).
        column: the pages' column.
        url_column: a column of page URLs (picks site rules; clean_url).
        kind: "auto", "html" or "text".
        prefix: put before each added column's name.
        fields: the record fields to add (see deboiler.RECORD_FIELDS).
        jobs: threads per Python worker (Spark already runs one task per
            core, so 1 is right unless tasks are fewer than cores).
        **settings: Cleaner settings: rules, packs, keep, builtin,
            page_type, max_bytes, max_blocks, timeout, favor. Rule paths must be
            readable on every executor.
    """
    from pyspark.sql.types import StringType, StructField, StructType

    added = column_names(fields, prefix)
    key = checked(settings, df.columns, column, url_column, added)
    schema = StructType(df.schema.fields + [StructField(c, StringType(), True) for c in added])

    def clean_batches(batches):
        cleaner = cleaner_for(key)
        for frame in batches:
            yield clean_frame(cleaner, frame, column, url_column, kind, prefix, fields, jobs)

    return df.mapInPandas(clean_batches, schema=schema)
