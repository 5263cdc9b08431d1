"""from_html: main text, title and date by trafilatura; captions and headings kept as blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from wirecoder.errors import MalformedHTML, NotEnglish
from wirecoder.ingest import from_html, read_path

# An invented article, written for these tests.
ARTICLE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Flooding Forces Thousands From Homes in Northern Kenya - Example News</title>
<meta property="og:title" content="Flooding Forces Thousands From Homes in Northern Kenya">
<meta property="article:published_time" content="2024-05-02T08:15:00+03:00">
</head><body>
<header><nav class="menu"><a href="/">Home</a> | <a href="/africa">Africa</a> |
<a href="/sport">Sport</a> | <a href="/login">Sign in to your account</a></nav></header>
<main><article>
<h1>Flooding Forces Thousands From Homes in Northern Kenya</h1>
<figure class="lead-image"><img src="flood.jpg" alt="">
<figcaption><span class="caption-text">Residents wade through floodwater in Garissa on May 1,
2024.</span><span class="credit">REUTERS/Example Photographer</span></figcaption></figure>
<p>Heavy rain has forced more than 20,000 people from their homes in northern Kenya, the Kenya
Red Cross said on Thursday, as the Tana River burst its banks for the second time this season.</p>
<p>The government deployed soldiers and helicopters to evacuate families stranded on rooftops
near Garissa, and the interior ministry said schools in three counties would stay closed.</p>
<h2>Aid Agencies Appeal for Funds</h2>
<p>The World Food Programme said it needed an extra $12 million to feed displaced families over
the next three months, warning that stocks in the region were running low.</p>
<div class="wp-caption"><img src="camp.jpg"><p class="wp-caption-text">A displaced family
shelters in a school classroom in Hola. Photo: Example Person/AFP</p></div>
<p>Opposition leaders accused the government of ignoring warnings from the weather service and
called for an inquiry into the handling of the crisis.</p>
</article></main>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/x">Drought hits maize
harvest</a></li><li><a href="/y">Election results delayed</a></li></ul></aside>
<footer><p>Copyright 2024 Example News Ltd. All rights reserved.</p>
<p><a href="/terms">Terms of use</a> <a href="/privacy">Privacy policy</a></p></footer>
</body></html>
"""


@pytest.fixture(scope="module")
def article():
    return from_html(ARTICLE, doc_id="kenya-floods")


def _block_texts(doc, kind: str) -> list[str]:
    return [doc.text[s:e] for s, e, k in doc.blocks if k == kind]


def test_title_and_date(article) -> None:
    assert article.title == "Flooding Forces Thousands From Homes in Northern Kenya"
    assert article.published == "2024-05-02"


def test_given_date_wins(tmp_path: Path) -> None:
    doc = from_html(ARTICLE, doc_id="k", published="2024-05-03")
    assert doc.published == "2024-05-03"


def test_paragraphs_separated_by_blank_lines(article) -> None:
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == "Flooding Forces Thousands From Homes in Northern Kenya"
    assert paragraphs[2].startswith("Heavy rain has forced more than 20,000 people")
    assert all(p == p.strip() and p for p in paragraphs)


def test_headings_are_blocks(article) -> None:
    assert _block_texts(article, "heading") == [
        "Flooding Forces Thousands From Homes in Northern Kenya",
        "Aid Agencies Appeal for Funds",
    ]


def test_captions_are_blocks(article) -> None:
    assert _block_texts(article, "caption") == [
        "Residents wade through floodwater in Garissa on May 1, 2024. REUTERS/Example Photographer",
        "A displaced family shelters in a school classroom in Hola. Photo: Example Person/AFP",
    ]


def test_blocks_index_the_text(article) -> None:
    for start, end, _ in article.blocks:
        assert article.text[start:end] == article.text[start:end].strip()
        assert start == 0 or article.text[start - 2 : start] == "\n\n"


def test_boilerplate_dropped(article) -> None:
    for junk in ("Sign in", "Related stories", "Drought hits", "Copyright", "Privacy policy"):
        assert junk not in article.text


@pytest.mark.parametrize(
    "html",
    [
        "<<<div><p</",
        "<html><body><div><span></span><p> </p></div></body></html>",
        "<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav></body></html>",
        "</p></div></p></html><<><>",
    ],
    ids=["garbage", "no-text", "only-nav", "tag-soup"],
)
def test_malformed_html(html: str) -> None:
    with pytest.raises(MalformedHTML) as info:
        from_html(html, doc_id="page")
    assert info.value.one_line().startswith("[E005] page: ")


def test_malformed_html_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.html"
    path.write_text("<<<div><p</", encoding="utf-8")
    with pytest.raises(MalformedHTML, match="broken"):
        list(read_path(path))


def test_html_file_read_by_extension(tmp_path: Path) -> None:
    path = tmp_path / "kenya.htm"
    path.write_text(ARTICLE, encoding="utf-8")
    (doc,) = list(read_path(path))
    assert doc.doc_id == "kenya.htm"
    assert doc.source_path == str(path)
    assert doc.published == "2024-05-02"
    assert any(kind == "caption" for _, _, kind in doc.blocks)


def test_non_english_html() -> None:
    html = (
        "<html><body><article><p>Los ministros de Asuntos Exteriores de Armenia y Azerbaiyán "
        "se reunieron el martes en Ginebra para discutir un acuerdo fronterizo, según "
        "informaron las autoridades. Las conversaciones duraron cuatro horas y terminaron sin "
        "una declaración conjunta.</p></article></body></html>"
    )
    with pytest.raises(NotEnglish):
        from_html(html, doc_id="es")
