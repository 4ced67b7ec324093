"""Cleaning a pandas DataFrame of pages: the step the Spark and Ray
integrations run on each batch, with a cleaner built once per process."""

import functools
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from ._native import Cleaner

#: The record fields added as columns by default (with the prefix "clean_").
DEFAULT_FIELDS = (
    "title",
    "text",
    "lang",
    "page_type",
    "url",
    "site_name",
    "author",
    "published",
    "error",
)

#: The settings a Cleaner takes, by keyword.
SETTINGS = ("rules", "packs", "keep", "builtin", "page_type", "max_bytes", "max_blocks", "timeout")


def settings_key(settings: Dict[str, Any]) -> Tuple:
    """A hashable form of Cleaner settings (lists become tuples, paths strings)."""
    unknown = set(settings) - set(SETTINGS)
    if unknown:
        raise TypeError(f"unknown Cleaner settings: {', '.join(sorted(unknown))}")

    def frozen(v: Any) -> Any:
        if isinstance(v, (list, tuple)):
            return tuple(frozen(x) for x in v)
        if hasattr(v, "__fspath__"):
            return str(v)
        return v

    return tuple(sorted((k, frozen(v)) for k, v in settings.items()))


@functools.lru_cache(maxsize=8)
def cleaner_for(key: Tuple) -> Cleaner:
    """The process's cleaner for these settings, built on first use: a
    Spark Python worker or a Ray actor builds it once, not once per row or
    batch."""
    settings: Dict[str, Any] = dict(key)
    return Cleaner(**settings)


def checked(
    settings: Dict[str, Any],
    columns: Optional[Sequence[str]],
    column: str,
    url_column: Optional[str],
    added: Sequence[str],
) -> Tuple:
    """The settings' key, once the cleaner builds and the table's columns
    fit (``columns`` None: not known yet): mistakes fail on the driver, not
    in a worker."""
    key = settings_key(settings)
    cleaner_for(key)
    if columns is not None:
        for name in [column] + ([url_column] if url_column else []):
            if name not in columns:
                raise ValueError(f"no column {name!r} in the table (it has {', '.join(columns)})")
        clash = [c for c in added if c in columns]
        if clash:
            raise ValueError(f"the table has columns named {', '.join(clash)} already; choose another prefix")
    return key


def _missing(value: Any) -> bool:
    """A missing value as pandas writes it: None, NaN or pd.NA, by dtype."""
    if value is None or isinstance(value, (str, bytes)):
        return value is None
    import pandas

    try:
        return bool(pandas.isna(value))
    except (TypeError, ValueError):
        return False


def column_names(fields: Sequence[str], prefix: str) -> List[str]:
    return [prefix + f for f in fields]


def clean_frame(
    cleaner: Cleaner,
    frame: Any,
    column: str,
    url_column: Optional[str],
    kind: Any,
    prefix: str,
    fields: Sequence[str],
    jobs: int,
) -> Any:
    """``frame`` (a pandas DataFrame) with one column per record field
    added; a row whose page is missing or cannot be cleaned gets its reason
    in the error column, never an exception."""
    pages: Iterable[Any] = (None if _missing(p) else p for p in frame[column].tolist())
    urls = None
    if url_column is not None:
        urls = [None if _missing(u) else str(u) for u in frame[url_column].tolist()]
    values: Dict[str, List[Any]] = {f: [] for f in fields}
    for record in cleaner.clean_many(pages, urls=urls, jobs=jobs, kind=kind):
        for f in fields:
            values[f].append(record.get(f))
    out = frame.copy(deep=False)
    for f in fields:
        out[prefix + f] = values[f]
    return out
