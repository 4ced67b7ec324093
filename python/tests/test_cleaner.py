"""deboiler.Cleaner: the records of the command line, from str or bytes,
one page or many, on one thread or several."""

import pickle
import subprocess
import threading

import pytest

import deboiler
from conftest import FIXTURES, cli_records, page_files


@pytest.fixture(scope="module")
def cleaner():
    return deboiler.Cleaner()


def test_records_are_the_command_lines(cli, cleaner):
    files = page_files()
    expected = cli_records(cli, *files)
    assert len(expected) == len(files)
    for path, want in zip(files, expected):
        got = cleaner.clean(path.read_bytes(), source=str(path))
        assert got == want, path
        # Field order too: the record is the CLI's, key for key.
        assert list(got) == list(want), path


def test_blocks_are_the_command_lines(cli, cleaner):
    path = FIXTURES / "html" / "article.html"
    out = subprocess.run(
        [str(cli), "clean", "-q", "--format", "jsonl", "--blocks", str(path)],
        capture_output=True,
        check=True,
    )
    import json

    want = json.loads(out.stdout)
    got = cleaner.clean(path.read_bytes(), source=str(path), blocks=True)
    assert got == want
    assert {"label", "kept", "text"} <= set(got["blocks"][0])


def test_str_and_bytes_give_the_same_record(cleaner):
    for path in page_files():
        as_bytes = cleaner.clean(path.read_bytes())
        as_str = cleaner.clean(path.read_text(encoding="utf-8"))
        assert as_str == as_bytes, path
        assert as_str["text"], path


def test_kind_url_and_source_are_used(cleaner):
    html = (FIXTURES / "html" / "article.html").read_text()
    as_text = cleaner.clean(html, kind="text")
    as_html = cleaner.clean(html, kind="html")
    assert as_text["text"] != as_html["text"]
    assert "<" in as_text["text"] or as_text["text"] == ""
    record = cleaner.clean(html, url="https://news.example/a", source="mine")
    assert record["url"] == "https://news.example/a"
    assert record["source"] == "mine"
    assert cleaner.clean(html)["source"] == "<page>"


def test_gzip_and_charset_are_undone_for_bytes(cleaner):
    import gzip

    html = (FIXTURES / "html" / "article.html").read_bytes()
    assert cleaner.clean(gzip.compress(html)) == cleaner.clean(html)
    latin = "<html><body><p>Caf\u00e9 cr\u00e8me and a long sentence about the town's new bridge, which will open in the spring after two years of work.</p></body></html>"
    record = cleaner.clean(latin.encode("latin-1"), charset="latin1")
    assert "Caf\u00e9 cr\u00e8me" in record["text"]


def test_wrong_arguments_raise(cleaner):
    with pytest.raises(TypeError, match="page is None, not str, bytes or a read_warc record"):
        cleaner.clean(None)
    with pytest.raises(TypeError, match="not int"):
        cleaner.clean(5)
    with pytest.raises(ValueError, match="kind must be"):
        cleaner.clean("x", kind="pdf")
    with pytest.raises(ValueError, match="unknown charset"):
        cleaner.clean(b"x", charset="no-such-charset")
    with pytest.raises(TypeError):
        cleaner.clean_many(5)


def test_a_page_that_fails_is_a_record_with_an_error(cleaner):
    record = cleaner.clean(b"\x1f\x8b\x08 not really gzip")
    assert record["error"].startswith("invalid gzip data")
    assert record["text"] == "" and record["title"] is None
    small = deboiler.Cleaner(max_bytes=100)
    assert "over the limit" in small.clean("x" * 200)["error"]


def test_settings_are_the_command_lines(tmp_path, cleaner):
    html = (FIXTURES / "html" / "figure-caption.html").read_text()
    captions = deboiler.Cleaner(keep=["caption"])
    assert len(captions.clean(html)["text"]) > len(cleaner.clean(html)["text"])
    assert "caption" in cleaner.labels and "body" in cleaner.labels
    assert deboiler.Cleaner(page_type="forum").clean(html)["page_type"] == "forum"
    assert deboiler.Cleaner(packs="c4").clean(html)["text"]
    bare = deboiler.Cleaner(builtin=False)
    assert bare.clean(html)["text"] != cleaner.clean(html)["text"]
    for bad in [dict(packs=["c5"]), dict(keep=["bodyy"]), dict(page_type="blog"), dict(max_blocks=0), dict(timeout=-1)]:
        with pytest.raises(ValueError):
            deboiler.Cleaner(**bad)
    with pytest.raises(TypeError, match="rules must be"):
        deboiler.Cleaner(rules=5)


def test_a_users_rule_file_is_applied(tmp_path, cleaner):
    rules = tmp_path / "promo.yaml"
    rules.write_text(
        "rules:\n  - id: my.promo\n    label: advertisement\n    description: the shop's promo line\n"
        "    weight: 6\n    when:\n      starts_with: [\"today only:\"]\n"
    )
    page = (
        "Today only: the bakery on Main Street gives a loaf of bread to every resident "
        "who brings a bag, as it has done each spring for many years now.\n\n"
        "The council said on Monday that the new bridge over the river will open in the spring, "
        "after two years of work and a long debate about its cost.\n"
    )
    assert "loaf of bread" in cleaner.clean(page)["text"]
    for rules_arg in (rules, str(rules), [rules]):
        assert "loaf of bread" not in deboiler.Cleaner(rules=rules_arg).clean(page)["text"]


def test_bad_rules_raise_the_messages_of_rules_check(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "rules:\n  - id: x.y\n    label: bodyy\n    description: d\n    when:\n      words: {min: \"a\"}\n"
    )
    out = subprocess.run([str(cli), "rules", "check", str(bad)], capture_output=True, text=True)
    assert out.returncode == 3
    prefix = "deboiler: invalid rules: "
    expected = [l[len(prefix):] for l in out.stderr.splitlines() if l.startswith(prefix)]
    assert len(expected) == 2
    with pytest.raises(ValueError) as err:
        deboiler.Cleaner(rules=bad)
    assert str(err.value).splitlines() == expected
    assert f"{bad}:6:20: rule `x.y` field `when.words.min`" in str(err.value)
    with pytest.raises(ValueError, match="cannot read rule file"):
        deboiler.Cleaner(rules=tmp_path / "missing.yaml")


def test_clean_many_gives_the_records_of_clean_in_order(cleaner):
    pages = [p.read_bytes() for p in page_files()] * 3
    one = [cleaner.clean(p, source=f"<page {i}>") for i, p in enumerate(pages)]
    assert list(cleaner.clean_many(pages, jobs=1)) == one
    assert list(cleaner.clean_many(iter(pages), jobs=2)) == one
    assert list(cleaner.clean_many(pages)) == one


def test_one_bad_record_never_stops_a_batch(cleaner):
    good = (FIXTURES / "html" / "article.html").read_text()
    pages = [good, None, 42, b"\x1f\x8b\x08junk", "\udcff lone surrogate", good]
    records = list(cleaner.clean_many(pages, jobs=2))
    assert len(records) == len(pages)
    assert records[0]["text"] and records[-1]["text"] == records[0]["text"]
    assert records[1]["error"] == "page is None, not str, bytes or a read_warc record"
    assert "not int" in records[2]["error"]
    assert "gzip" in records[3]["error"]
    assert "error" not in records[4]
    assert [r["source"] for r in records] == [f"<page {i}>" for i in range(len(pages))]


def test_clean_many_reads_its_input_lazily(cleaner):
    taken = []

    def pages():
        for i in range(100_000):
            taken.append(i)
            yield f"Paragraph {i} of a long stream of pages that is never read whole."

    records = cleaner.clean_many(pages(), jobs=2)
    first = next(records)
    assert first["source"] == "<page 0>"
    assert len(taken) <= 2 * 64, len(taken)


def test_urls_go_beside_the_pages(cleaner):
    pages = ["<html><body><p>One page.</p></body></html>"] * 3
    urls = ["https://a.example/1", None, "https://c.example/3"]
    records = list(cleaner.clean_many(pages, urls=urls))
    assert [r.get("url") for r in records] == urls
    short = cleaner.clean_many(pages, urls=urls[:2])
    assert [next(short)["url"], next(short).get("url")] == urls[:2]
    with pytest.raises(ValueError, match="fewer items than pages"):
        next(short)


def test_an_exception_of_the_input_comes_after_the_pages_read_before_it(cleaner):
    def pages():
        yield "<html><body><p>One page.</p></body></html>"
        yield "<html><body><p>Another page.</p></body></html>"
        raise RuntimeError("the source broke")

    records = cleaner.clean_many(pages())
    assert [r["source"] for r in (next(records), next(records))] == ["<page 0>", "<page 1>"]
    with pytest.raises(RuntimeError, match="the source broke"):
        next(records)
    assert list(records) == []


def test_a_cleaner_is_shared_by_threads(cleaner):
    pages = [p.read_bytes() for p in page_files()]
    want = [cleaner.clean(p) for p in pages]
    results = {}

    def work(n):
        results[n] = [cleaner.clean(p) for p in pages]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[n] == want for n in range(4))


def test_favor_reads_the_favor_packs_as_the_command_line_does(cleaner):
    page = (FIXTURES / "favor" / "page.txt").read_text()
    listed = "The captain retires in the spring"
    assert listed in cleaner.clean(page)["text"]
    assert listed not in deboiler.Cleaner(favor="precision").clean(page)["text"]
    html = (FIXTURES / "favor" / "page.html").read_text()
    caption = "The old ferry leaves the northern bank"
    assert caption not in cleaner.clean(html)["text"]
    recall = deboiler.Cleaner(favor="recall")
    assert caption in recall.clean(html)["text"]
    assert repr(recall) == 'Cleaner(favor="recall")'
    assert pickle.loads(pickle.dumps(recall)).clean(html) == recall.clean(html)
    with pytest.raises(ValueError, match="precision"):
        deboiler.Cleaner(favor="both")


def test_a_cleaner_pickles_as_its_settings(tmp_path):
    c = deboiler.Cleaner(keep=["caption"], packs=["c4"], page_type="article")
    again = pickle.loads(pickle.dumps(c))
    assert repr(again) == repr(c) == "Cleaner(packs=[\"c4\"], keep=[\"caption\"], page_type=\"article\")"
    html = (FIXTURES / "html" / "figure-caption.html").read_text()
    assert again.clean(html) == c.clean(html)


def test_help_is_useful():
    doc = deboiler.Cleaner.__doc__
    assert "thread-safe" in doc and "ValueError" in doc
    assert "GIL" in deboiler.Cleaner.clean_many.__doc__
    assert "WARC" in deboiler.read_warc.__doc__
    assert deboiler.__version__
