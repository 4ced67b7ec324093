"""deboiler: strip boilerplate from scraped web pages and keep the main content.

The cleaner is Rust (the same library as the ``deboiler`` command); its rules
are YAML files you can read and change.

    >>> import deboiler
    >>> cleaner = deboiler.Cleaner()
    >>> record = cleaner.clean("<html><body><p>...</p></body></html>")
    >>> record["text"], record["title"], record["page_type"]

* :class:`Cleaner` -- built once, thread-safe; ``clean`` one page,
  ``clean_many`` an iterable of pages on Rust threads with the GIL released.
* :func:`read_warc` -- the pages of a WARC or WET file, ready to clean.
* :mod:`deboiler.spark` -- cleaned columns for a PySpark DataFrame.
* :mod:`deboiler.ray` -- the same for a Ray Dataset.

A record is a dict with the fields of ``deboiler clean --format json``.
"""

from ._native import CleanMany, Cleaner, WarcRecords, __version__, read_warc

#: The fields every record has, in order; id, url, site_name, author,
#: published, warc_date, site_rules, error, input and blocks join them when
#: known.
RECORD_FIELDS = ("source", "title", "text", "lang", "page_type")

__all__ = ["Cleaner", "CleanMany", "WarcRecords", "read_warc", "RECORD_FIELDS", "__version__"]
