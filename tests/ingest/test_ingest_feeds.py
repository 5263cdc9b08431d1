"""read_feed and feed lists: RSS/Atom items, linked articles, fallbacks, errors, HTTP politeness.

No test touches the network: feeds are local files (their links resolve against the feed's own
location) or are served by a tiny HTTP server on 127.0.0.1. The articles and feeds under
``tests/ingest/feeds/`` are invented for these tests.
"""

from __future__ import annotations

import itertools
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from wirecoder.ingest import (
    USER_AGENT,
    is_feed_list,
    looks_like_feed_url,
    read_feed,
    read_feed_list,
)
from wirecoder.ingest.feeds import feed_date
from wirecoder.schema import ErrorRecord, RawDocument

FEEDS = Path(__file__).parent / "feeds"
RSS = FEEDS / "world.rss"
ATOM = FEEDS / "world.atom"

KENYA = (
    "Kenya's electoral commission postponed by-elections in two constituencies on Friday, "
    "citing a shortage of ballot papers.\n\n"
    "Opposition parties said the delay was an attempt to buy time."
)


def uri(name: str) -> str:
    return (FEEDS / name).as_uri()


def docs(items: list[RawDocument | ErrorRecord]) -> list[RawDocument]:
    assert all(isinstance(item, RawDocument) for item in items), items
    return [item for item in items if isinstance(item, RawDocument)]


def rss(*items: str) -> str:
    """A minimal RSS 2.0 feed around the given ``<item>`` elements."""
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test</title>'
        + "".join(items)
        + "</channel></rss>"
    )


# --- local feeds --------------------------------------------------------------------------------


def test_rss_items_become_their_linked_articles() -> None:
    moldova, dhaka, kenya = docs(list(read_feed(str(RSS), delay=0)))
    assert moldova.doc_id == moldova.url == uri("harbour-accord.html")
    assert moldova.title == "Moldova and Romania Agree to Open Two New Border Crossings"
    assert moldova.published == "2025-03-04"
    assert moldova.source_path == str(RSS)
    assert "two new road crossings on their shared border" in moldova.text
    assert "Sign in" not in moldova.text and "Copyright" not in moldova.text
    assert moldova.warnings == []
    assert dhaka.url == uri("dhaka-march.html") and dhaka.published == "2025-03-05"
    assert "The labour ministry said it would meet factory owners" in dhaka.text
    assert kenya.url == uri("missing-story.html")


def test_broken_link_falls_back_to_description_with_a_warning() -> None:
    kenya = docs(list(read_feed(RSS.as_uri(), delay=0)))[2]
    assert kenya.text == KENYA  # the escaped HTML description, as plain paragraphs
    assert kenya.title == "Kenya Postpones Two By-Elections"
    assert kenya.published == "2025-03-07"
    (warning,) = kenya.warnings
    assert "article page not used" in warning and "No such file" in warning
    assert "description" in warning


def test_without_fetching_articles_items_use_their_own_text() -> None:
    moldova, dhaka, kenya = docs(list(read_feed(str(RSS), fetch_articles=False)))
    assert (
        moldova.text
        == "Moldova and Romania will open two new road crossings by the end of the year."
    )
    assert dhaka.text.startswith("Police in Bangladesh detained")  # content:encoded wins
    assert dhaka.text.endswith("call a nationwide strike next week.")
    assert kenya.text == KENYA
    assert all(doc.warnings == [] for doc in (moldova, dhaka, kenya))


def test_atom_entries() -> None:
    chile, moldova, ghana = docs(list(read_feed(str(ATOM), delay=0)))
    assert chile.url == uri("senate-water.html")  # the rel="alternate" link, not rel="related"
    assert chile.title == "Chile\u2019s Senate Approves Water Rights Reform"  # type="html" title
    assert chile.published == "2025-03-06"  # <published> wins over <updated>
    assert "limit private water rights to 30 years" in chile.text
    assert moldova.url == uri("harbour-accord.html")  # a link without rel is the alternate
    assert moldova.published == "2025-03-04"  # from <updated>
    assert ghana.doc_id == "urn:example:wire:2025-0307-ghana" and ghana.url is None
    assert ghana.text == (
        "Ghana's finance ministry raised a levy on petrol and diesel on Friday to help cut the "
        "budget deficit.\n\nTransport unions threatened to strike if fares rise."
    )


def test_published_argument_is_used_only_when_the_item_has_no_date(tmp_path: Path) -> None:
    feed = tmp_path / "dates.rss"
    feed.write_text(
        rss(
            "<item><title>A</title><description>Troops withdrew from the border town on "
            "Monday, the defence ministry said.</description></item>",
            "<item><title>B</title><pubDate>Mon, 10 Feb 2025 08:00:00 GMT</pubDate>"
            "<description>Ministers met in Accra to discuss the trade dispute on "
            "Monday.</description></item>",
        ),
        encoding="utf-8",
    )
    first, second = docs(list(read_feed(str(feed), published="2025-02-11")))
    assert first.published == "2025-02-11"
    assert first.doc_id == f"{feed}#1"  # no link and no guid
    assert second.published == "2025-02-10"


def test_item_without_usable_text_is_an_error_and_the_others_go_on(tmp_path: Path) -> None:
    feed = tmp_path / "mixed.rss"
    article = FEEDS / "dhaka-march.html"
    feed.write_text(
        rss(
            "<item><title>Gone</title><link>gone.html</link></item>",
            f"<item><title>Dhaka</title><link>{article.as_uri()}</link></item>",
        ),
        encoding="utf-8",
    )
    error, doc = list(read_feed(feed.as_uri(), delay=0))
    assert isinstance(error, ErrorRecord)
    assert error.code == "E009"
    assert error.doc_id == (tmp_path / "gone.html").as_uri()
    assert error.source_path == feed.as_uri()
    assert feed.as_uri() in error.error and "no usable text" in error.error
    assert isinstance(doc, RawDocument) and doc.url == article.as_uri()


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("<rss><channel><item><title>Unclosed</channel></rss>", "not well-formed"),
        ("", "not well-formed"),
        ("<html><body><p>Not a feed</p></body></html>", "not an RSS or Atom feed"),
    ],
)
def test_bad_feed_is_one_error_record(tmp_path: Path, content: str, needle: str) -> None:
    feed = tmp_path / "bad.xml"
    feed.write_text(content, encoding="utf-8")
    (record,) = list(read_feed(str(feed)))
    assert isinstance(record, ErrorRecord)
    assert record.code == "E009"
    assert record.doc_id == record.source_path == str(feed)
    assert needle in record.error


def test_missing_feed_and_unsupported_scheme_are_error_records(tmp_path: Path) -> None:
    (missing,) = list(read_feed(str(tmp_path / "nope.rss")))
    (ftp,) = list(read_feed("ftp://example.org/feed.rss"))
    assert isinstance(missing, ErrorRecord) and missing.code == "E009"
    assert isinstance(ftp, ErrorRecord) and "unsupported URL scheme" in ftp.error


def test_external_entities_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("PASSWORD-123", encoding="utf-8")
    feed = tmp_path / "entities.rss"
    feed.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
        '<rss version="2.0"><channel><item><title>Lagos &s;</title><description>Voters in '
        "Lagos queued from dawn on Saturday to elect a new governor.</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    (doc,) = docs(list(read_feed(str(feed))))
    assert "PASSWORD" not in doc.model_dump_json()
    assert doc.text.startswith("Voters in Lagos")


def test_max_bytes_covers_the_feed_and_each_page(tmp_path: Path) -> None:
    (record,) = list(read_feed(str(RSS), max_bytes=200))
    assert isinstance(record, ErrorRecord) and record.code == "E003"
    small = tmp_path / "small.rss"
    small.write_text(
        rss(
            f"<item><title>Dhaka</title><link>{(FEEDS / 'dhaka-march.html').as_uri()}</link>"
            "<description>Police detained 40 people at a wage march in Dhaka.</description></item>"
        ),
        encoding="utf-8",
    )
    (doc,) = docs(list(read_feed(str(small), max_bytes=600)))
    assert doc.text == "Police detained 40 people at a wage march in Dhaka."
    assert "E003" in doc.warnings[0]


# --- dates, feed lists, arguments ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Tue, 04 Mar 2025 10:15:00 +0200", "2025-03-04"),
        ("Wed, 5 Mar 2025 23:40:00 -0500", "2025-03-05"),  # the publisher's date, not UTC's
        ("Thu, 06 Mar 2025 09:00:00 GMT", "2025-03-06"),
        ("2025-03-06T21:30:00Z", "2025-03-06"),
        ("2025-03-07T08:00:00.250+05:30", "2025-03-07"),
        ("2025-03-07", "2025-03-07"),
        ("last Tuesday", None),
        ("", None),
        (None, None),
    ],
)
def test_feed_dates(raw: str | None, expected: str | None) -> None:
    assert feed_date(raw) == expected


def test_feed_list_with_comments(tmp_path: Path) -> None:
    assert is_feed_list(FEEDS / "feeds.lst")
    assert read_feed_list(FEEDS / "feeds.lst") == [
        "https://example.org/world.rss",
        "http://example.org/americas.atom",
        "file:///tmp/example/world.rss",
    ]
    plain = tmp_path / "feeds"
    plain.write_text("https://example.org/a.rss\n", encoding="utf-8")
    assert is_feed_list(plain)


def test_articles_and_other_files_are_not_feed_lists(tmp_path: Path) -> None:
    article = tmp_path / "vote.txt"
    article.write_text(
        "Lawmakers in Peru voted on Thursday to censure the interior minister.\n\n"
        "Full story: https://example.org/peru-censure\n",
        encoding="utf-8",
    )
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    comments = tmp_path / "only-comments.txt"
    comments.write_text("# nothing yet\n\n", encoding="utf-8")
    html = tmp_path / "links.html"
    html.write_text("https://example.org/a.rss\n", encoding="utf-8")
    huge = tmp_path / "huge.txt"
    huge.write_text("https://example.org/a.rss\n" * 5000, encoding="utf-8")
    for path in (article, empty, comments, html, huge, tmp_path, tmp_path / "absent.txt"):
        assert not is_feed_list(path), path


@pytest.mark.parametrize(
    ("arg", "expected"),
    [
        ("https://example.org/news", True),
        ("HTTP://example.org/rss", True),
        ("file:///tmp/world.rss", True),
        ("feeds/world.atom", True),
        ("world.XML", True),
        ("articles/vote.txt", False),
        ("page.html", False),
    ],
)
def test_looks_like_feed_url(arg: str, expected: bool) -> None:
    assert looks_like_feed_url(arg) is expected


# --- HTTP ---------------------------------------------------------------------------------------


@dataclass
class Site:
    """Pages served by :func:`site`: path -> (content type, body); requests are logged."""

    base: str = ""
    pages: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    requests: list[tuple[str, str, float]] = field(default_factory=list)  # path, UA, time
    stall: float = 0.0  # seconds every response waits before it is sent


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            agent = self.headers.get("User-Agent", "")
            state.requests.append((self.path, agent, time.monotonic()))
            time.sleep(state.stall)
            page = state.pages.get(self.path)
            if page is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", page[0])
            self.send_header("Content-Length", str(len(page[1])))
            self.end_headers()
            self.wfile.write(page[1])

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def test_http_feed_sends_user_agent_and_is_polite(site: Site) -> None:
    site.pages["/news/world.rss"] = ("application/rss+xml", RSS.read_bytes())
    for name in ("harbour-accord.html", "dhaka-march.html"):
        site.pages[f"/news/{name}"] = ("text/html; charset=utf-8", (FEEDS / name).read_bytes())
    items = list(read_feed(f"{site.base}/news/world.rss", delay=0.15))
    moldova, dhaka, kenya = docs(items)
    assert moldova.url == f"{site.base}/news/harbour-accord.html"  # resolved against the feed
    assert "two new road crossings" in moldova.text
    assert "nationwide strike" in dhaka.text
    assert kenya.text == KENYA and "HTTPStatusError" in kenya.warnings[0]  # 404: fallback
    assert USER_AGENT.startswith("wirecoder/")
    assert [ua for _, ua, _ in site.requests] == [USER_AGENT] * 4
    times = [t for _, _, t in site.requests]
    assert all(later - earlier >= 0.14 for earlier, later in itertools.pairwise(times))


def test_http_plain_text_article(site: Site) -> None:
    story = "Dock workers in Durban ended a four-day strike on Monday after a pay deal."
    site.pages["/feed.xml"] = (
        "application/xml",
        rss("<item><title>Durban</title><link>/story</link></item>").encode(),
    )
    site.pages["/story"] = ("text/plain; charset=utf-8", story.encode())
    (doc,) = docs(list(read_feed(f"{site.base}/feed.xml", delay=0)))
    assert doc.text == story and doc.url == f"{site.base}/story"


def test_remote_feed_may_not_read_local_files(site: Site) -> None:
    link = (FEEDS / "harbour-accord.html").as_uri()
    site.pages["/feed.xml"] = (
        "application/xml",
        rss(
            f"<item><title>T</title><link>{link}</link><description>Moldova and Romania "
            "will open two new road crossings.</description></item>"
        ).encode(),
    )
    (doc,) = docs(list(read_feed(f"{site.base}/feed.xml", delay=0)))
    assert doc.text == "Moldova and Romania will open two new road crossings."
    assert "local files" in doc.warnings[0]


def test_http_timeout_is_an_error_record(site: Site) -> None:
    site.stall = 1.0
    site.pages["/slow.rss"] = ("application/rss+xml", RSS.read_bytes())
    start = time.monotonic()
    (record,) = list(read_feed(f"{site.base}/slow.rss", timeout=0.2))
    assert time.monotonic() - start < 0.9
    assert isinstance(record, ErrorRecord) and record.code == "E009"
    assert record.doc_id == f"{site.base}/slow.rss" and "Timeout" in record.error


def test_refused_connection_is_an_error_record() -> None:
    with socket.socket() as sock:  # a port that was free a moment ago has no listener now
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/world.rss"
    (record,) = list(read_feed(url, timeout=2))
    assert isinstance(record, ErrorRecord) and record.code == "E009"
    assert record.doc_id == record.source_path == url
    assert "ConnectError" in record.error
