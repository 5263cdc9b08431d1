"""RSS and Atom feeds: one document per item, read from the linked article where possible.

A feed item's description is usually a teaser, so by default each item's link is fetched and the
page goes through :func:`~wirecoder.ingest.html.from_html` like any other article. When the page
cannot be fetched or yields no article text, the item's own ``content:encoded``/``content`` or
``description``/``summary`` is coded instead, and the document carries a warning saying so --
a short teaser codes fewer events, and the reader of the output should know why.

Like the other batch readers, :func:`read_feed` never raises for bad input: a feed that cannot be
fetched or parsed gives one :class:`~wirecoder.schema.ErrorRecord`, and a bad item gives one
record and does not stop the others.

Safety: feeds are parsed without resolving entities, loading DTDs or touching the network, and a
feed fetched over HTTP may not make wirecoder read local ``file://`` pages.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Self
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

import lxml.html
from lxml import etree

from wirecoder.errors import FeedError, InputError
from wirecoder.ingest.checks import size_limit, too_large
from wirecoder.ingest.decode import decode_bytes
from wirecoder.ingest.html import from_html
from wirecoder.ingest.records import error_record
from wirecoder.ingest.text import from_text
from wirecoder.schema import ErrorRecord, RawDocument

if TYPE_CHECKING:
    import httpx


def _version() -> str:
    try:
        return metadata.version("wirecoder")
    except metadata.PackageNotFoundError:
        return "dev"


#: Sent with every HTTP request, so site operators can see who is fetching and why.
USER_AGENT = f"wirecoder/{_version()} (+https://github.com/wirecoder/wirecoder; news event coder)"

_LIST_SUFFIXES = frozenset({".txt", ".lst", ".feeds", ""})
_LIST_MAX_BYTES = 64 * 1024  # a list of feeds is short; a longer file is an article or data
_URL_RE = re.compile(r"^(?:https?|file)://\S+$", re.IGNORECASE)
_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_FEED_SUFFIXES = (".rss", ".atom", ".xml")

_CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC_DATE = "{http://purl.org/dc/elements/1.1/}date"
_RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"
_RSS1 = "http://purl.org/rss/1.0/"
_BLOCK_TAGS = frozenset({
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "table",
    "ul", "ol", "section", "article", "figure", "figcaption", "header", "footer",
})  # fmt: skip


# --- feed lists ---------------------------------------------------------------------------------


def _list_lines(text: str) -> list[str]:
    """Non-blank lines of a feed list that are not ``#`` comments, stripped."""
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def is_feed_list(path: Path) -> bool:
    """Whether ``path`` is a list of feed URLs rather than an article.

    A feed list is a small ``.txt``/``.lst``/``.feeds`` (or extension-less) UTF-8 file whose every
    line, apart from blank lines and ``#`` comments, is one ``http(s)://`` or ``file://`` URL,
    with at least one URL. At most 64 KB is read, so asking about a huge file is cheap; a news
    article always has some line that is not a URL.
    """
    path = Path(path)
    if path.suffix.lower() not in _LIST_SUFFIXES:
        return False
    try:
        with path.open("rb") as fh:
            data = fh.read(_LIST_MAX_BYTES + 1)
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    if len(data) > _LIST_MAX_BYTES:
        return False
    lines = _list_lines(text)
    return bool(lines) and all(_URL_RE.match(line) for line in lines)


def read_feed_list(path: Path) -> list[str]:
    """The URLs in a feed list (see :func:`is_feed_list`), in order, without comments."""
    return _list_lines(Path(path).read_text(encoding="utf-8-sig"))


def looks_like_feed_url(arg: str) -> bool:
    """Whether a command-line argument names a feed: a URL or a ``.rss``/``.atom``/``.xml`` path."""
    arg = arg.strip()
    return bool(re.match(r"(?:https?|file)://", arg, re.IGNORECASE)) or arg.lower().endswith(
        _FEED_SUFFIXES
    )


# --- dates --------------------------------------------------------------------------------------


def feed_date(raw: str | None) -> str | None:
    """A feed date as ``YYYY-MM-DD``, or None when it is not a date.

    RSS uses RFC 822 (``Tue, 07 Jan 2025 09:30:00 +0100``), Atom ISO 8601
    (``2025-01-07T09:30:00Z``). The date is the one written in the feed, not converted to UTC:
    the publisher's local date is the date the story carries.
    """
    if not raw or not raw.strip():
        return None
    raw = raw.strip()
    try:
        return parsedate_to_datetime(raw).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        iso = raw[:-1] + "+00:00" if raw[-1] in "Zz" else raw
        return dt.datetime.fromisoformat(iso).date().isoformat()
    except ValueError:
        return None


# --- parsing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Item:
    """What wirecoder uses from one RSS ``<item>`` or Atom ``<entry>``."""

    title: str | None
    link: str | None
    guid: str | None
    content: str | None  # full text: content:encoded or Atom content (HTML or plain)
    summary: str | None  # teaser: description or Atom summary
    date: str | None  # as written in the feed


def _q(ns: str | None, name: str) -> str:
    return f"{{{ns}}}{name}" if ns else name


def _text(el: etree._Element | None) -> str | None:
    """An element's content as a string; inline XHTML children are kept as markup."""
    if el is None:
        return None
    parts = [el.text or ""]
    parts.extend(etree.tostring(child, encoding="unicode", with_tail=True) for child in el)
    text = "".join(parts).strip()
    return text or None


def _rss_item(item: etree._Element) -> _Item:
    """RSS 2.0 (no namespace) or RSS 1.0 (RDF namespace) ``<item>``."""
    ns = etree.QName(item).namespace

    def child(name: str) -> str | None:
        return _text(item.find(_q(ns, name)))

    guid_el = item.find(_q(ns, "guid"))
    guid = _text(guid_el) or item.get(_RDF_ABOUT)
    link = child("link")
    permalink = guid_el is not None and guid_el.get("isPermaLink", "true").lower() != "false"
    if not link and permalink and guid and guid.lower().startswith(("http://", "https://")):
        link = guid  # RSS 2.0: a guid is the item's URL unless isPermaLink="false"
    return _Item(
        title=child("title"),
        link=link,
        guid=guid,
        content=_text(item.find(_CONTENT_ENCODED)),
        summary=child("description"),
        date=child("pubDate") or _text(item.find(_DC_DATE)),
    )


def _atom_item(entry: etree._Element, ns: str | None) -> _Item:
    """Atom ``<entry>``: the link is the first ``rel="alternate"`` one (the default rel)."""
    link = next(
        (
            el.get("href")
            for el in entry.findall(_q(ns, "link"))
            if el.get("rel", "alternate") == "alternate" and el.get("href")
        ),
        None,
    )
    return _Item(
        title=_text(entry.find(_q(ns, "title"))),
        link=link,
        guid=_text(entry.find(_q(ns, "id"))),
        content=_text(entry.find(_q(ns, "content"))),
        summary=_text(entry.find(_q(ns, "summary"))),
        date=_text(entry.find(_q(ns, "published"))) or _text(entry.find(_q(ns, "updated"))),
    )


def _parse_feed(data: bytes, feed_id: str) -> list[_Item]:
    """The items of an RSS 2.0, RSS 1.0 or Atom feed, in feed order.

    Raises:
        FeedError: Not well-formed XML, or not a feed.
    """
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"the feed is not well-formed XML ({exc})", feed_id) from None
    name = etree.QName(root)
    if name.localname == "feed":
        return [_atom_item(e, name.namespace) for e in root.iter(_q(name.namespace, "entry"))]
    if name.localname in ("rss", "RDF"):
        return [_rss_item(item) for item in root.iter("item", _q(_RSS1, "item"))]
    raise FeedError(f"not an RSS or Atom feed (the root element is <{name.localname}>)", feed_id)


def _html_to_text(snippet: str) -> str:
    """Plain text of an HTML snippet, one paragraph per block element, blank-line separated."""
    if "<" not in snippet and "&" not in snippet:
        root_text = snippet
    else:
        try:
            root = lxml.html.fragment_fromstring(snippet, create_parent="div")
        except (etree.LxmlError, ValueError):
            return ""
        for bad in root.xpath(".//script | .//style"):
            bad.drop_tree()
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            tag = el.tag.lower()
            if tag in _BLOCK_TAGS:
                el.text = "\n\n" + (el.text or "")
                el.tail = "\n\n" + (el.tail or "")
            elif tag == "br":
                el.tail = "\n" + (el.tail or "")
        root_text = root.text_content()
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n[^\S\n]*\n", root_text))
    return "\n\n".join(p for p in paragraphs if p)


# --- fetching -----------------------------------------------------------------------------------


@dataclass
class _Page:
    data: bytes
    content_type: str  # "" for local files


class _Fetcher:
    """Reads ``file://`` URLs from disk and http(s) with one polite, size-capped client."""

    def __init__(self, timeout: float, delay: float, max_bytes: int | None) -> None:
        self._timeout = timeout
        self._delay = delay
        self._limit = size_limit(max_bytes)
        self._client: httpx.Client | None = None
        self._last: dict[str, float] = {}  # host -> when its last request finished

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()

    def get(self, url: str, doc_id: str, what: str) -> _Page:
        """Fetch ``url``.

        Raises:
            FeedError: The URL cannot be fetched (bad scheme, missing file, HTTP error, timeout).
            DocumentTooLarge: Over the size limit.
        """
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        try:
            if scheme == "file":
                path = Path(url2pathname(parts.path))
                size = path.stat().st_size
                if size > self._limit:  # checked on disk, before reading any of it
                    raise too_large(size, self._limit, doc_id, what)
                return _Page(path.read_bytes(), "")
            if scheme in ("http", "https"):
                return self._http(url, parts.netloc.lower(), doc_id, what)
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001 - httpx, OS and URL errors all mean "not fetched"
            raise FeedError(f"could not fetch {url} ({_reason(exc)})", doc_id) from None
        raise FeedError(f"cannot fetch {url}: unsupported URL scheme {scheme!r}", doc_id)

    def _http(self, url: str, host: str, doc_id: str, what: str) -> _Page:
        import httpx  # imported here: only feeds need it, and it is slow to import

        if self._client is None:
            self._client = httpx.Client(
                timeout=self._timeout, headers={"User-Agent": USER_AGENT}, follow_redirects=True
            )
        last = self._last.get(host)
        if last is not None:
            time.sleep(max(0.0, self._delay - (time.monotonic() - last)))
        try:
            with self._client.stream("GET", url) as response:
                response.raise_for_status()
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self._limit:
                        raise too_large(size, self._limit, doc_id, what)
                    chunks.append(chunk)
                return _Page(b"".join(chunks), response.headers.get("content-type", ""))
        finally:
            self._last[host] = time.monotonic()


def _reason(exc: BaseException) -> str:
    """A one-line reason for a fetch failure (httpx messages can span lines)."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{type(exc).__name__}: {exc.strerror}"
    message = str(exc).strip().splitlines()
    name = type(exc).__name__
    return f"{name}: {message[0]}" if message else name


# --- documents ----------------------------------------------------------------------------------


def _as_url(arg: str) -> str:
    """A feed argument as a URL: plain paths become absolute ``file://`` URLs."""
    return arg if _SCHEME_RE.match(arg) else Path(arg).expanduser().resolve().as_uri()


def _article(
    fetcher: _Fetcher, link: str, published: str | None, max_bytes: int | None
) -> RawDocument:
    """The document from an item's linked page (HTML, or plain text when served as such)."""
    page = fetcher.get(link, link, "page")
    text, warnings = decode_bytes(page.data, link)
    plain = page.content_type.lower().startswith("text/plain") or (
        not page.content_type and urlsplit(link).path.lower().endswith((".txt", ".text"))
    )
    if plain:
        doc = from_text(text, doc_id=link, published=published, url=link, max_bytes=max_bytes)
    else:
        doc = from_html(text, doc_id=link, published=published, url=link, max_bytes=max_bytes)
    doc.warnings.extend(warnings)
    return doc


def _from_item_text(
    item: _Item, doc_id: str, url: str | None, published: str | None, max_bytes: int | None
) -> tuple[RawDocument | None, str]:
    """The document from the item's own text (full content first, then the teaser)."""
    for label, raw in (("content", item.content), ("description", item.summary)):
        text = _html_to_text(raw) if raw else ""
        if text:
            doc = from_text(text, doc_id=doc_id, published=published, url=url, max_bytes=max_bytes)
            return doc, label
    return None, ""


def _item_document(
    item: _Item,
    n: int,
    feed_url: str,
    source: str,
    fetcher: _Fetcher,
    *,
    fetch_articles: bool,
    published: str | None,
    max_bytes: int | None,
) -> RawDocument | ErrorRecord:
    """One item as a document, or as an ErrorRecord naming the item and the feed."""
    link = urljoin(feed_url, item.link) if item.link else None
    doc_id = link or item.guid or f"{source}#{n}"
    warnings: list[str] = []
    date = feed_date(item.date)
    if item.date and date is None:
        warnings.append(f"feed date {item.date!r} is not a date; ignored")
    published = date or published
    try:
        doc: RawDocument | None = None
        failure = ""
        if fetch_articles and link:
            if urlsplit(link).scheme.lower() == "file" and urlsplit(feed_url).scheme != "file":
                failure = "a remote feed may not point at local files"
            else:
                try:
                    doc = _article(fetcher, link, published, max_bytes)
                except Exception as exc:  # noqa: BLE001 - any unusable page falls back
                    failure = (
                        f"[{exc.code}] {exc.message}"
                        if isinstance(exc, InputError)
                        else _reason(exc)
                    )
        if doc is None:
            doc, label = _from_item_text(item, doc_id, link, published, max_bytes)
            if doc is None:
                why = f" (the article page failed: {failure})" if failure else ""
                raise FeedError(f"item in feed {source} has no usable text{why}", doc_id)
            if failure:
                warnings.append(
                    f"article page not used ({failure}); coded the feed item's {label} instead"
                )
    except InputError as exc:
        return error_record(exc, doc_id, source)
    if item.title:  # the feed's headline is cleaner than a page <title> with the site name
        doc.title = _html_to_text(item.title) or doc.title
    doc.source_path = source
    doc.warnings.extend(warnings)
    return doc


def read_feed(
    url: str,
    *,
    fetch_articles: bool = True,
    timeout: float = 10.0,
    delay: float = 1.0,
    published: str | None = None,
    max_bytes: int | None = None,
) -> Iterator[RawDocument | ErrorRecord]:
    """Yield one document per item of an RSS or Atom feed.

    Args:
        url: The feed: an ``http(s)://`` or ``file://`` URL, or a local path.
        fetch_articles: Fetch each item's linked page and code its article text; when False,
            or when the page is unusable, code the item's own content or description.
        timeout: Seconds to wait for each HTTP request.
        delay: Seconds between HTTP requests to the same host (none for local files).
        published: Publication date for items whose feed entry carries none.
        max_bytes: Size limit in bytes for the feed and for each page; None means
            ``WIRECODER_MAX_BYTES`` or the default.

    Yields:
        RawDocument per usable item (``doc_id`` and ``url`` the item's link, ``source_path`` the
        feed); ErrorRecord per unusable item, or a single one when the feed itself cannot be
        fetched (E009), is too large (E003) or is not a feed (E009).
    """
    feed_url = _as_url(url)
    with _Fetcher(timeout, delay, max_bytes) as fetcher:
        try:
            items = _parse_feed(fetcher.get(feed_url, url, "feed").data, url)
        except InputError as exc:
            yield error_record(exc, url, url)
            return
        for n, item in enumerate(items, start=1):
            yield _item_document(
                item,
                n,
                feed_url,
                url,
                fetcher,
                fetch_articles=fetch_articles,
                published=published,
                max_bytes=max_bytes,
            )
