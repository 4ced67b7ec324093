"""Cleaning pages in a Ray Dataset.

    >>> import ray
    >>> from deboiler.ray import clean_dataset
    >>> pages = ray.data.read_json("pages.jsonl")        # columns url, html
    >>> clean_dataset(pages, "html", url_column="url").write_parquet("clean")

The cleaning runs in ``map_batches`` with a class-based callable on an
actor pool: each actor builds its cleaner once and cleans its batches in
Rust. Every input row gives one output row; a row whose page is null or
cannot be cleaned has its reason in ``clean_error`` instead of failing the
job.
"""

from typing import Any, Optional, Sequence, Tuple

from ._frames import DEFAULT_FIELDS, checked, clean_frame, cleaner_for, column_names

__all__ = ["clean_dataset", "Clean", "DEFAULT_FIELDS"]


class Clean:
    """The batch callable: built once per actor, called per pandas batch."""

    def __init__(
        self,
        key: Tuple,
        column: str,
        url_column: Optional[str],
        kind: str,
        prefix: str,
        fields: Sequence[str],
        jobs: int,
    ) -> None:
        self.cleaner = cleaner_for(key)
        self.args = (column, url_column, kind, prefix, fields, jobs)

    def __call__(self, frame: Any) -> Any:
        return clean_frame(self.cleaner, frame, *self.args)


def clean_dataset(
    ds: Any,
    column: str = "html",
    *,
    url_column: Optional[str] = None,
    kind: str = "auto",
    prefix: str = "clean_",
    fields: Sequence[str] = DEFAULT_FIELDS,
    jobs: int = 1,
    concurrency: Any = None,
    batch_size: Optional[int] = 256,
    **settings: Any,
) -> Any:
    """``ds`` with the cleaned columns added (``clean_title``,
    ``clean_text``, …, ``clean_error``; see deboiler.spark.clean_dataframe).

    Arguments:
        ds: a ray.data.Dataset with a column of pages (string or binary).
        column, url_column, kind, prefix, fields, jobs: as for Spark.
        concurrency: actors in the pool: a number, or (min, max) for an
            autoscaling pool; by default (1, CPUs of the cluster): a fixed
            pool as large as the cluster would hold every CPU and leave
            none for the tasks that read the input.
        batch_size: rows per batch handed to an actor.
        **settings: Cleaner settings: rules, packs, keep, builtin,
            page_type, max_bytes, max_blocks, timeout, favor.
    """
    import ray

    key = checked(settings, ds.columns(), column, url_column, column_names(fields, prefix))
    if concurrency is None:
        if not ray.is_initialized():
            ray.init()
        concurrency = (1, max(1, int(ray.cluster_resources().get("CPU", 1))))
    low, high = concurrency if isinstance(concurrency, tuple) else (concurrency, concurrency)
    # An actor pool given as `compute`: Ray Data's own way from 2.9 on,
    # where `concurrency=` is deprecated in recent releases.
    pool = ray.data.ActorPoolStrategy(min_size=low, max_size=high)
    return ds.map_batches(
        Clean,
        fn_constructor_args=(key, column, url_column, kind, prefix, tuple(fields), jobs),
        batch_format="pandas",
        batch_size=batch_size,
        compute=pool,
    )
