"""The batch step the Spark and Ray integrations share."""

import pandas as pd
import pytest

import deboiler
from deboiler._frames import clean_frame, cleaner_for, settings_key
from conftest import FIXTURES


def test_one_cleaner_per_process_and_settings():
    key = settings_key({"keep": ["caption"]})
    assert cleaner_for(key) is cleaner_for(settings_key({"keep": ("caption",)}))
    assert cleaner_for(key) is not cleaner_for(settings_key({}))
    with pytest.raises(TypeError, match="unknown Cleaner settings: rulez"):
        settings_key({"rulez": "x"})


def test_a_frame_gets_one_column_per_field_and_keeps_its_rows():
    html = (FIXTURES / "html" / "article.html").read_text()
    frame = pd.DataFrame(
        {"html": [html, None, float("nan"), pd.NA, html], "url": ["https://a.example/1", None, None, pd.NA, float("nan")]}
    )
    out = clean_frame(deboiler.Cleaner(), frame, "html", "url", "auto", "clean_", ("text", "url", "error"), 1)
    assert list(out.columns) == ["html", "url", "clean_text", "clean_url", "clean_error"]
    assert len(out) == 5
    assert out["clean_text"][0] == deboiler.Cleaner().clean(html)["text"]
    assert out["clean_url"][0] == "https://a.example/1"
    for missing in (1, 2, 3):
        assert out["clean_error"][missing] == "page is None, not str, bytes or a read_warc record"
    assert pd.isna(out["clean_error"][4])  # pandas writes a missing str as None or NaN
    assert list(frame.columns) == ["html", "url"]
