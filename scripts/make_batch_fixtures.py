#!/usr/bin/env python3
"""Writes the WARC, WET and JSONL fixtures of tests/batch.rs.

    pip install warcio && python3 scripts/make_batch_fixtures.py

The pages are invented. The output is committed; rerun this only to change
the fixtures (record ids and dates are fixed so that reruns are identical).
"""
import gzip
import io
import json
import os
import random
import uuid

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "batch")
random.seed(7)

ARTICLE = """<!doctype html><html lang="en"><head><title>{title} | The Valley Post</title>{meta}</head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1>
<p>{p1}</p>
<p>{p2}</p>
</article>
<footer><p>Copyright 2024 The Valley Post. All rights reserved.</p></footer>
</body></html>"""

PARAS = [
    ("A quiet town gets a new bridge",
     "The council said on Monday that the new bridge over the river will open in the spring, after two years of work and a long debate about its cost.",
     "Residents who spoke to the paper said they were glad that the old ferry, which ran only in summer, would no longer be the only way across."),
    ("Cafe owners welcome the longer summer season",
     "Owners of the cafes along the lake say the warm autumn brought visitors well into October, and several plan to open again earlier next year.",
     "The tourism office counted more overnight stays than in any year since it began keeping records, and it expects the trend to continue."),
]


def rid(n):
    return "<urn:uuid:%s>" % uuid.UUID(int=n)


def write_warc(path, gz):
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=gz)
        date = "2024-05-01T12:00:00Z"
        w.write_record(w.create_warcinfo_record("crawl.warc", {"software": "fixture"}))
        # An English page in UTF-8, with its charset in <meta>.
        t, p1, p2 = PARAS[0]
        html = ARTICLE.format(title=t, p1=p1, p2=p2, meta='<meta charset="utf-8">').encode("utf-8")
        w.write_record(w.create_warc_record(
            "https://valleypost.example/news/bridge", "request",
            payload=io.BytesIO(b"GET /news/bridge HTTP/1.1\r\nHost: valleypost.example\r\n\r\n"),
            warc_headers_dict={"WARC-Record-ID": rid(1), "WARC-Date": date}))
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(
            "https://valleypost.example/news/bridge", "response", payload=io.BytesIO(html),
            http_headers=headers, warc_headers_dict={"WARC-Record-ID": rid(2), "WARC-Date": date}))
        # A page in windows-1251 that says so only in the HTTP header (read
        # as windows-1252, the fallback, its Cyrillic would be garbage).
        t, p1, p2 = PARAS[1]
        p2 += " «Мы рады гостям», said one owner."
        html = ARTICLE.format(title=t, p1=p1, p2=p2, meta="").encode("cp1251")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=windows-1251")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(
            "https://valleypost.example/news/cafes", "response", payload=io.BytesIO(html),
            http_headers=headers, warc_headers_dict={"WARC-Record-ID": rid(3), "WARC-Date": date}))
        # Not pages: an image and a redirect.
        headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(
            "https://valleypost.example/logo.png", "response", payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(64)),
            http_headers=headers, warc_headers_dict={"WARC-Record-ID": rid(4), "WARC-Date": date}))
        headers = StatusAndHeaders("301 Moved Permanently", [("Location", "https://valleypost.example/"), ("Content-Type", "text/html")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(
            "http://valleypost.example/", "response", payload=io.BytesIO(b"<a href=/>moved</a>"),
            http_headers=headers, warc_headers_dict={"WARC-Record-ID": rid(5), "WARC-Date": date}))
        w.write_record(w.create_warc_record(
            "https://valleypost.example/news/bridge", "metadata", payload=io.BytesIO(b"fetchTimeMs: 120\r\n"),
            warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Record-ID": rid(6), "WARC-Date": date}))


def write_wet(path):
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)
        w.write_record(w.create_warcinfo_record("crawl.warc.wet.gz", {"software": "fixture"}))
        for n, (t, p1, p2) in enumerate(PARAS):
            text = "Home\nNews\nSport\n%s\n%s\n%s\nSubscribe to our newsletter\n" % (t, p1, p2)
            w.write_record(w.create_warc_record(
                "https://valleypost.example/story/%d" % n, "conversion",
                payload=io.BytesIO(text.encode("utf-8")), warc_content_type="text/plain",
                warc_headers_dict={"WARC-Record-ID": rid(10 + n), "WARC-Date": "2024-05-01T12:00:00Z",
                                   "WARC-Refers-To": rid(20 + n)}))


STORIES = [
    ("Library extends its opening hours",
     "The town library will stay open until nine in the evening from next month, after a survey showed that most readers wanted to come after work.",
     "The extra hours are paid for by a grant from the regional government, which also covers two new part-time posts at the front desk."),
    ("School builds a garden on its roof",
     "Pupils at the primary school planted beans, tomatoes and herbs on the flat roof of the gym, which had been empty since the building opened.",
     "Teachers say the garden is used in biology and maths lessons, and the harvest goes to the school kitchen twice a week in the summer."),
    ("Bakery celebrates its hundredth year",
     "The family that runs the bakery on the market square marked its hundredth year with free bread rolls for everyone who came by on Saturday.",
     "The great-grandson of the founder still gets up at three every morning, and says the recipe for the rye loaf has not changed since 1924."),
    ("New bus line links the two valleys",
     "A new bus line will connect the two valleys every hour from December, cutting the journey between them from ninety minutes to forty.",
     "The transport authority said it would review the timetable after six months and could add evening services if enough people use the line."),
    ("Volunteers clean up the riverbank",
     "More than sixty volunteers collected rubbish along three kilometres of the riverbank on Sunday, filling a whole lorry with bottles and bags.",
     "The organisers want to make the clean-up a yearly event and have asked the council to put more bins along the footpath by the water."),
]

SITE_CHROME_TOP = ["Valley Post", "Home | News | Sport | Weather | Contact", "Today's top stories from across the valley"]
SITE_CHROME_END = ["The Valley Post has reported on the towns and villages of the valley since 1952, and more than forty thousand people read it every week.", "Get the Valley Post morning briefing in your inbox every day", "Valley Post is published by Valley Media Ltd, 4 Mill Lane."]


def write_site_jsonl(path):
    with open(path, "w", encoding="utf-8") as f:
        for n, (t, p1, p2) in enumerate(STORIES):
            lines = SITE_CHROME_TOP + [t, p1, p2] + SITE_CHROME_END
            rec = {"id": "vp-%d" % n, "url": "https://www.valleypost.example/local/%d" % n,
                   "text": "\n\n".join(lines), "crawl": "2024-05"}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        # One page of another site with the same words: not this site's chrome.
        t, p1, p2 = PARAS[0]
        rec = {"id": "other-0", "url": "https://othertown.example/a",
               "text": "\n\n".join(["Today's top stories from across the valley", t, p1, p2])}
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")


os.makedirs(OUT, exist_ok=True)
write_warc(os.path.join(OUT, "crawl.warc.gz"), gz=True)
write_warc(os.path.join(OUT, "crawl.warc"), gz=False)
write_wet(os.path.join(OUT, "crawl.warc.wet.gz"))
write_site_jsonl(os.path.join(OUT, "site.jsonl"))
print("wrote", sorted(os.listdir(OUT)))
