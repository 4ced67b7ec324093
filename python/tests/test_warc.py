"""deboiler.read_warc: the records the command line would clean, with their
WARC id, URL and date, and the malformed ones as errors."""

import gzip

import pytest

import deboiler
from conftest import FIXTURES, cli_records


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz", "crawl.warc.wet.gz"])
def test_records_cleaned_are_the_command_lines(cli, name):
    path = FIXTURES / "batch" / name
    records = list(deboiler.read_warc(path))
    assert records and all(r["error"] is None for r in records)
    assert all(r["source"].startswith(f"{path}@") for r in records)
    assert all(isinstance(r["page"], bytes) and r["id"] and r["url"] for r in records)
    cleaner = deboiler.Cleaner()
    got = list(cleaner.clean_many(deboiler.read_warc(path)))
    assert got == cli_records(cli, path)
    # One record at a time, too.
    assert [cleaner.clean(r) for r in records] == got


def test_a_malformed_record_is_an_error_and_reading_goes_on(cli, tmp_path):
    page = b"<html><body><p>A page about the council and its new bridge over the river.</p></body></html>"

    def record(uri, body, length=None):
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
        n = len(http) if length is None else length  # a str: a garbage length
        return (
            b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri
            + b"\r\nWARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:" + uri[-1:]
            + b">\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: "
            + str(n).encode() + b"\r\n\r\n" + http + b"\r\n\r\n"
        )

    path = tmp_path / "broken.warc"
    path.write_bytes(record(b"https://a.example/1", page) + record(b"https://a.example/2", page, "x")
                     + record(b"https://a.example/3", page))
    records = list(deboiler.read_warc(path))
    assert [r["url"] for r in records] == ["https://a.example/1", None, "https://a.example/3"]
    assert records[1]["error"] and records[1]["page"] is None
    got = list(deboiler.Cleaner().clean_many(deboiler.read_warc(path)))
    assert got == cli_records(cli, path)
    assert "error" in got[1] and got[2]["text"]
    gz = tmp_path / "one.warc.gz"
    gz.write_bytes(gzip.compress(record(b"https://a.example/1", page)))
    assert [r["url"] for r in deboiler.read_warc(str(gz))] == ["https://a.example/1"]


def test_a_missing_file_raises():
    with pytest.raises(FileNotFoundError):
        deboiler.read_warc("/no/such/file.warc")


def test_a_record_cut_in_its_http_head_keeps_its_warc_headers(cli, tmp_path):
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/ht"
    cut = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/cut"
        b"\r\nWARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:9>"
        b"\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: "
        + str(len(http)).encode() + b"\r\n\r\n" + http + b"\r\n\r\n"
    )
    path = tmp_path / "cut.warc"
    path.write_bytes(cut)
    [record] = list(deboiler.read_warc(path))
    assert (record["url"], record["id"], record["warc_date"]) == (
        "https://a.example/cut", "<urn:uuid:9>", "2024-01-01T00:00:00Z")
    assert "head is cut off" in record["error"] and record["page"] is None
    got = list(deboiler.Cleaner().clean_many(deboiler.read_warc(path)))
    assert got == cli_records(cli, path)
    assert got[0]["url"] == "https://a.example/cut" and "head is cut off" in got[0]["error"]
