"""A link's preview from its page: Open Graph, then the Twitter card, then the HTML fallbacks."""

from __future__ import annotations

from advocacy.domain.previews import (
    DESCRIPTION_LENGTH,
    TITLE_LENGTH,
    Preview,
    page_text,
    parse_preview,
)

PAGE = "https://news.example/2026/launch"


def test_open_graph_comes_first() -> None:
    html = """<html><head><title>HTML title</title>
    <meta name="description" content="HTML description">
    <meta name="twitter:title" content="Card title"><meta name="twitter:image" content="/card.png">
    <meta property="og:title" content="OG &amp; friends"><meta property="og:description" content="OG description">
    <meta property="og:image" content="https://cdn.example/og.png"><meta property="og:site_name" content="News">
    </head></html>"""
    assert parse_preview(html, PAGE) == Preview(
        title="OG & friends",
        description="OG description",
        image="https://cdn.example/og.png",
        site_name="News",
    )


def test_twitter_card_when_there_is_no_open_graph() -> None:
    html = """<head><title>HTML title</title><meta name="description" content="HTML description">
    <meta name="twitter:title" content="Card title"><meta name="twitter:description" content="Card text">
    <meta name="twitter:image" content="img/card.png"></head>"""
    assert parse_preview(html, PAGE) == Preview(
        title="Card title",
        description="Card text",
        image="https://news.example/2026/img/card.png",
        site_name=None,
    )


def test_html_title_and_meta_description_last() -> None:
    html = """<!doctype html><HTML><HEAD><TITLE>  Caf&eacute;
      &#8211; the   menu </TITLE><META NAME="Description" CONTENT="Open &lt;daily&gt;"></HEAD>
      <body><svg><title>an icon</title></svg></body></HTML>"""
    preview = parse_preview(html, PAGE)
    assert (preview.title, preview.description) == ("Café \u2013 the menu", "Open <daily>")


def test_relative_images_resolve_against_the_page_or_its_base() -> None:
    assert (
        parse_preview('<meta property="og:image" content="/a.png">', PAGE).image
        == "https://news.example/a.png"
    )
    assert parse_preview('<meta property="og:image" content="//cdn.example/b.png">', PAGE).image == (
        "https://cdn.example/b.png"
    )
    based = '<base href="https://static.example/assets/"><meta property="og:image" content="c.png">'
    assert parse_preview(based, PAGE).image == "https://static.example/assets/c.png"


def test_an_image_that_is_not_an_http_url_is_dropped() -> None:
    for src in ["javascript:alert(1)", "data:image/png;base64,AAAA", "ftp://x.example/a.png", " "]:
        assert parse_preview(f'<meta property="og:image" content="{src}">', PAGE).image is None


def test_missing_everything_is_all_none() -> None:
    assert parse_preview("<html><body><p>nothing here</p></body></html>", PAGE) == Preview(
        None, None, None, None
    )
    assert parse_preview("", PAGE) == Preview(None, None, None, None)
    assert parse_preview('<meta property="og:title" content="   ">', PAGE).title is None


def test_huge_texts_are_capped_at_a_word_with_an_ellipsis() -> None:
    huge = "word " * 10_000
    preview = parse_preview(f'<title>{huge}</title><meta name="description" content="{huge}">', PAGE)
    assert preview.title is not None and preview.description is not None
    assert len(preview.title) <= TITLE_LENGTH and preview.title.endswith("word…")
    assert len(preview.description) <= DESCRIPTION_LENGTH and preview.description.endswith("…")
    unbroken = parse_preview(f"<title>{'x' * 5_000}</title>", PAGE).title
    assert unbroken == "x" * (TITLE_LENGTH - 1) + "…"


def test_control_and_bidi_characters_are_removed() -> None:
    html = '<meta property="og:title" content="a\x00b\u202ec&#x1;d\te">'
    assert parse_preview(html, PAGE).title == "abcd e"


def test_broken_markup_still_gives_what_it_can() -> None:
    html = '<head><title>Unclosed <meta property="og:description" content="desc"'
    preview = parse_preview(html, PAGE)
    assert preview.title is not None and preview.title.startswith("Unclosed")
    assert parse_preview('<meta property="og:title" content="Fine"><div <p>>', PAGE).title == "Fine"


def test_the_charset_comes_from_the_header_then_the_page_then_utf8() -> None:
    latin = "<title>Caf\xe9</title>".encode("latin-1")
    assert page_text(latin, "text/html; charset=ISO-8859-1") == "<title>Café</title>"
    assert page_text(b'<meta charset="windows-1252">' + latin, "text/html").endswith("Café</title>")
    assert page_text("<title>Café</title>".encode(), "text/html") == "<title>Café</title>"
    assert page_text(latin, "text/html; charset=nonsense") == "<title>Caf\ufffd</title>"
