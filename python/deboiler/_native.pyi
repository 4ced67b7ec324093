"""Type stubs of the extension module (see the docstrings for the details)."""

import os
from typing import Any, Dict, Iterable, Iterator, List, Literal, Optional, Sequence, Union, final

_PathLike = Union[str, "os.PathLike[str]"]
#: A page: decoded text (HTML or a text dump), raw bytes, or a read_warc record.
_Page = Union[str, bytes, bytearray, Dict[str, Any]]
_Kind = Literal["auto", "html", "text"]
#: A record: the fields of ``deboiler clean --format json``.
_Record = Dict[str, Any]

__version__: str
__all__ = ["Cleaner", "CleanMany", "WarcRecords", "read_warc", "__version__"]

@final
class Cleaner:
    """Cleans web pages: keeps the main content, drops the boilerplate."""

    def __new__(
        cls,
        rules: Union[None, _PathLike, Sequence[_PathLike]] = None,
        packs: Union[None, str, Sequence[str]] = None,
        keep: Union[None, str, Sequence[str]] = None,
        builtin: bool = True,
        page_type: Optional[str] = None,
        max_bytes: Optional[int] = None,
        max_blocks: Optional[int] = None,
        timeout: Optional[float] = None,
        favor: Optional[Literal["precision", "recall"]] = None,
    ) -> "Cleaner": ...
    def clean(
        self,
        page: _Page,
        *,
        url: Optional[str] = None,
        kind: _Kind = "auto",
        blocks: bool = False,
        source: Optional[str] = None,
        charset: Optional[str] = None,
    ) -> _Record: ...
    def clean_many(
        self,
        pages: Iterable[Any],
        *,
        jobs: int = 0,
        urls: Optional[Iterable[Optional[str]]] = None,
        kind: _Kind = "auto",
        blocks: bool = False,
    ) -> "CleanMany": ...
    @property
    def labels(self) -> List[str]: ...

@final
class CleanMany(Iterator[_Record]):
    """Records of Cleaner.clean_many, in input order."""

    def __iter__(self) -> "CleanMany": ...
    def __next__(self) -> _Record: ...

@final
class WarcRecords(Iterator[Dict[str, Any]]):
    """Records of read_warc."""

    def __iter__(self) -> "WarcRecords": ...
    def __next__(self) -> Dict[str, Any]: ...

def read_warc(path: _PathLike, *, max_bytes: int = ...) -> WarcRecords: ...
