"""Tests for HTML input: small hand-written pages through clean_html."""

from __future__ import annotations

import pytest

from tui_reader import html_page as module
from tui_reader.cleaning import CleanedArticle
from tui_reader.html_page import clean_html, html_to_text

PROSE = [
    "The city council voted on Tuesday to expand the bus network into the northern suburbs, "
    "ending a debate that had lasted for more than two years.",
    "Supporters said the new routes would cut commuting times for thousands of workers who now "
    "depend on cars, while critics warned about the cost to the municipal budget.",
    "The first buses are expected to run on the new lines early next spring, officials said, "
    "once drivers have been hired and trained for the longer routes.",
    "The council will review the first year of service next autumn and publish the figures on "
    "ridership, punctuality and cost per passenger for every new line.",
]
TEASERS = [
    "A long teaser paragraph from another story describes how the regional airport plans to "
    "add a second runway before the summer season begins next year, to the dismay of locals.",
    "Another teaser explains why the harbour authority has postponed the reopening of the old "
    "ferry terminal until the repairs to the pier have been checked by the inspectors.",
]

NAV = """
<header><nav><ul>
  <li><a href="/">Home</a></li><li><a href="/news">News</a></li>
  <li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li>
</ul></nav></header>
"""
FOOTER = """
<aside class="newsletter"><h3>Sign up for our newsletter</h3>
  <form><input type="email"><button>Subscribe</button></form></aside>
<footer><p>© 2025 Metro Herald. All rights reserved.</p>
  <a href="/contact">Contact us</a> <a href="/privacy">Privacy</a></footer>
"""


def html_page(head: str = "", article_head: str = "", paragraphs: list[str] = PROSE,
              after: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{head}</head><body>"
            f"{NAV}<main><article>{article_head}<div class='content'>{body}</div>{after}"
            f"</article></main>{FOOTER}</body></html>")


def only(articles: list[CleanedArticle]) -> CleanedArticle:
    assert len(articles) == 1
    return articles[0]


FULL_HEAD = """
<title>Council expands bus network | Metro Herald</title>
<meta property="og:title" content="Council expands bus network">
<meta property="og:site_name" content="Metro Herald">
<meta property="article:published_time" content="2025-08-20T10:15:00+00:00">
"""
RELATED = """
<section class="related"><h2>Related Articles</h2><ul>
  <li><a href="/a">Airport adds runway</a></li><li><a href="/b">Harbour delays reopening</a></li>
</ul></section>
"""


def test_article_body_without_nav_footer_related_or_newsletter() -> None:
    article = only(clean_html(html_page(FULL_HEAD, "<h1>Council expands bus network</h1>",
                                        after=RELATED)))
    assert article.body == "\n\n".join(PROSE)
    for junk in ("Home", "Sport", "newsletter", "Subscribe", "©", "Related", "Airport",
                 "Contact us"):
        assert junk not in article.body


def test_metadata_from_og_tags() -> None:
    article = only(clean_html(html_page(FULL_HEAD, "<h1>Council expands bus network</h1>")))
    assert article.title == "Council expands bus network"
    assert article.source == "Metro Herald"
    assert article.published == "2025-08-20"


def test_title_from_title_element_loses_the_site_suffix() -> None:
    head = ("<title>Council expands bus network - Metro Herald</title>"
            "<meta property='og:site_name' content='Metro Herald'>")
    article = only(clean_html(html_page(head)))
    assert article.title == "Council expands bus network"
    assert article.source == "Metro Herald"


def test_title_from_h1_and_date_from_time_element() -> None:
    article_head = ("<h1>Council expands bus network</h1>"
                    "<p class='byline'>By Jane Doe, <time datetime='2025-04-02'>2 April 2025"
                    "</time></p>")
    article = only(clean_html(html_page("", article_head)))
    assert article.title == "Council expands bus network"
    assert article.published == "2025-04-02"
    assert article.body.endswith(PROSE[-1])
    assert "Jane Doe" not in article.body


def test_source_falls_back_to_the_host_name() -> None:
    head = ("<title>Council expands bus network</title>"
            "<link rel='canonical' href='https://www.metroherald.example/news/bus-network'>")
    article = only(clean_html(html_page(head)))
    assert article.source == "metroherald.example"


def test_teasers_under_a_heading_that_trafilatura_keeps_are_dropped() -> None:
    after = ("<div class='more'><h3>You may also like</h3>"
             + "".join(f"<p>{t}</p>" for t in TEASERS) + "</div>")
    article = only(clean_html(html_page(FULL_HEAD, after=after)))
    assert article.body == "\n\n".join(PROSE)


def test_headline_repeated_in_the_body_and_closing_credit() -> None:
    paragraphs = ["Council expands bus network", *PROSE[:-1], PROSE[-1] + " (Reuters)"]
    article = only(clean_html(html_page("<title>Council expands bus network</title>",
                                        paragraphs=paragraphs)))
    assert article.body == "\n\n".join(PROSE)
    assert article.source == "Reuters"


def test_page_without_title_gets_one_from_the_first_sentence() -> None:
    article = only(clean_html(html_page()))
    assert article.title.startswith("The city council voted on Tuesday")


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html>",
        "<html><body></body></html>",
        "<<<>>></p></div><div",
        "<html><body><p>unclosed <b>bold <i>italic</p></div></span>",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>",
        "<html><body>" + "<div>" * 5000 + "deep" + "</div>" * 5000 + "</body></html>",
        "\x00\x01\x02<p>\ufffd</p>" * 100,
        "<script>" + "var x = 1;" * 1000,
        "plain text, no markup at all",
        "<![CDATA[ x ]]><!-- comment --><!DOCTYPE><p>&bogus; &#xFFFFFF; &#0;</p>",
    ],
)
def test_malformed_or_empty_html_never_raises(html: str) -> None:
    articles = clean_html(html)
    assert isinstance(articles, list)
    for article in articles:
        assert article.body == article.body.strip() and "\n\n\n" not in article.body


def test_empty_documents_give_no_article() -> None:
    assert clean_html("") == []
    assert clean_html("<html><head><title>Empty</title></head><body></body></html>") == []
    assert clean_html(f"<html><body>{NAV}{FOOTER}</body></html>") == []
    assert clean_html("<html><body><p>Too short to be an article.</p></body></html>") == []


def test_fallback_cuts_the_rendered_text_like_a_page_dump(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "_extract", lambda html: None)  # trafilatura finds nothing
    html = ("<html><body><div>Home</div><div>News</div><h1>Council expands bus network</h1>"
            + "".join(f"<div>{p}</div>" for p in PROSE) + "<div>You may also like</div>"
            + "".join(f"<div>{t}</div>" for t in TEASERS) + "</body></html>")
    article = only(clean_html(html))
    assert article.body == "\n\n".join(PROSE)
    assert article.title == "Council expands bus network"


def test_html_to_text_puts_blocks_on_lines_and_drops_scripts() -> None:
    html = ("<html><head><title>T</title><style>p {color: red}</style></head><body>"
            "<h1>Head</h1><p>One <b>bold</b> para.</p><script>var x = 1;</script>"
            "<ul><li>a</li><li>b</li></ul>x<br>y</body></html>")
    assert html_to_text(html) == "Head\nOne bold para.\na\nb\nx\ny"
