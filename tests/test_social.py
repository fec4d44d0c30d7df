"""Open Graph, Twitter cards, JSON-LD and social card images."""

import json
import re
import sys
from datetime import datetime

from bs4 import BeautifulSoup
from PIL import Image

from sitecheck import ROOT, article_sources, built_page_of, normalise, read_metadata, report

OPEN_GRAPH = ["og:title", "og:description", "og:url", "og:type", "og:image", "og:site_name"]
ARTICLE_TIMES = ["article:published_time", "article:modified_time"]
TWITTER = ["twitter:card", "twitter:title", "twitter:description", "twitter:image"]
COLOUR = "#0f5a4f"  # a background for the cards drawn here


def meta(soup, name):
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    return tag.get("content") if tag else None


def json_ld(soup):
    return [json.loads(tag.string) for tag in soup.find_all("script", type="application/ld+json")]


def nodes(data):
    for block in data:
        yield from block.get("@graph", [block])


def test_articles_have_the_full_open_graph_and_twitter_set(publish_site):
    problems = []
    for source in article_sources():
        page = built_page_of(source)
        soup = publish_site.soup(page)
        for name in OPEN_GRAPH + ARTICLE_TIMES + TWITTER:
            if not meta(soup, name):
                problems.append(f"{page}: no {name}")
        if meta(soup, "og:type") != "article":
            problems.append(f"{page}: og:type is {meta(soup, 'og:type')!r}, expected 'article'")
        if meta(soup, "og:url") != publish_site.url_of(page):
            problems.append(f"{page}: og:url {meta(soup, 'og:url')!r} is not the page's URL")
        if meta(soup, "twitter:card") != "summary_large_image":
            problems.append(f"{page}: twitter:card is not summary_large_image")
        for name in ("og:image", "twitter:image", "og:url"):
            value = meta(soup, name) or ""
            if not value.startswith(publish_site.siteurl + "/"):
                problems.append(f"{page}: {name} {value!r} is not absolute under {publish_site.siteurl}/")
            elif publish_site.resolve(page, value)[2]:
                problems.append(f"{page}: {name} {value!r} does not exist in the build")
        for name in ARTICLE_TIMES:
            try:
                datetime.fromisoformat(meta(soup, name) or "")
            except ValueError:
                problems.append(f"{page}: {name} {meta(soup, name)!r} is not ISO 8601")
    assert not problems, report(problems, "articles with incomplete social metadata")


def test_every_page_has_open_graph_without_markup(site):
    problems = []
    for page in site.pages:
        soup = site.soup(page)
        for name in OPEN_GRAPH + TWITTER:
            value = meta(soup, name)
            if not value:
                problems.append(f"{page}: no {name}")
            elif "<" in value or re.search(r"&#?\w+;", value):
                problems.append(f"{page}: {name} {value!r} carries markup or an entity")
    assert not problems, report(problems, f"pages with missing or unclean Open Graph in the {site.name} build")


def test_article_json_ld_matches_the_page(publish_site):
    problems = []
    for source in article_sources():
        page = built_page_of(source)
        soup = publish_site.soup(page)
        try:
            graph = list(nodes(json_ld(soup)))
        except (json.JSONDecodeError, TypeError) as error:
            problems.append(f"{page}: JSON-LD does not parse: {error}")
            continue
        posting = next((n for n in graph if n.get("@type") == "BlogPosting"), None)
        if not posting:
            problems.append(f"{page}: no BlogPosting")
            continue
        h1 = normalise(soup.h1.get_text())
        if posting.get("headline") != h1:
            problems.append(f"{page}: headline {posting.get('headline')!r} is not the title {h1!r}")
        canonical = soup.find("link", rel="canonical")["href"]
        if posting.get("url") != canonical:
            problems.append(f"{page}: url {posting.get('url')!r} is not the canonical URL {canonical!r}")
        for key in ("datePublished", "dateModified"):
            try:
                datetime.fromisoformat(posting.get(key) or "")
            except ValueError:
                problems.append(f"{page}: {key} {posting.get(key)!r} is missing or not ISO 8601")
        for key in ("description", "author", "publisher", "image"):
            if not posting.get(key):
                problems.append(f"{page}: BlogPosting has no {key}")
        if "series" in source.read_text(encoding="utf-8").lower() and not posting.get("isPartOf"):
            problems.append(f"{page}: BlogPosting has no isPartOf for its series")
        medical = next((n for n in graph if n.get("@type") == "MedicalWebPage"), None)
        if soup.select(".references li"):
            if not medical or len(medical.get("citation", [])) != len(soup.select(".references li")):
                problems.append(f"{page}: MedicalWebPage citations do not match the references")
            elif not medical.get("lastReviewed"):
                problems.append(f"{page}: MedicalWebPage has no lastReviewed")
    assert not problems, report(problems, "articles with wrong JSON-LD")


def test_home_page_has_website_json_ld(publish_site):
    kinds = [n.get("@type") for n in nodes(json_ld(publish_site.soup("index.html")))]
    assert "WebSite" in kinds, f"index.html: JSON-LD types {kinds}, expected WebSite"


def test_social_cards_are_1200_by_630_png(publish_site):
    cards = sorted((publish_site.root / "cards").glob("*.png"))
    assert len(cards) == len(article_sources()) + 1, f"cards/: {len(cards)} cards for {len(article_sources())} articles"
    wrong = []
    for card in cards:
        with Image.open(card) as image:
            if image.format != "PNG" or image.size != (1200, 630):
                wrong.append(f"cards/{card.name}: {image.format} {image.size}")
    assert not wrong, report(wrong, "social cards that are not 1200x630 PNG")


def test_social_cards_are_drawn_in_the_brand_colour(publish_site, settings):
    colour = Image.new("RGB", (1, 1), settings["BRAND_COLOUR"]).getpixel((0, 0))
    wrong = []
    for card in sorted((publish_site.root / "cards").glob("*.png")):
        with Image.open(card) as image:
            background = image.convert("RGB").getpixel((5, 5))
        if background != colour:
            wrong.append(f"cards/{card.name}: background {background}, not BRAND_COLOUR {settings['BRAND_COLOUR']}")
    assert not wrong, report(wrong, "social cards not in the brand colour")


def test_longest_title_never_overflows_its_card():
    """Titles wrap and shrink; a title too long even then is cut. Nothing is drawn in the margins."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from blog.social_cards import HEIGHT, MARGIN, WIDTH, draw_card

    longest = max((read_metadata(s)["title"] for s in article_sources()), key=len)
    titles = [longest, longest * 3, "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3, "Short"]
    background = Image.new("RGB", (1, 1), COLOUR).getpixel((0, 0))
    problems = []
    for title in titles:
        image = draw_card(title, "The Healing Touch", "Part 1 of 5", COLOUR)
        assert image.size == (WIDTH, HEIGHT)
        pixels = image.convert("RGB").load()
        margins = [
            (x, y)
            for y in range(0, HEIGHT - 20, 3)
            for x in [*range(0, MARGIN - 4, 3), *range(WIDTH - MARGIN + 4, WIDTH, 3)]
        ]
        drawn = [(x, y) for x, y in margins if pixels[x, y] != background]
        if drawn:
            problems.append(f"title of {len(title)} characters draws into the margin at {drawn[:3]}")
    assert not problems, report(problems, "social cards whose text overflows")


TITLES = [
    "Café, jalapeño, über, naïve, Ångström, Łódź, Œuvre, ĳ, ŉ, ſ: accents",
    "Dashes – and — quotes “double” ‘single’ … and more",
    "Ελληνικά: νευροπάθεια και βελονισμός",
    "Нейропатия и иглоукалывание: что известно",
    "الوخز بالإبر والاعتلال العصبي في القدمين",
    "针灸与神经病变：研究说了什么",
    "神経障害とはりきゅう",
    "침술과 신경병증",
    "Numb feet 🦶 what helps 👣🏽 a lot",
]
NO_GLYPH = "\ue000"  # a private-use code point: no font here draws it, so it shows the missing-glyph box


def test_cards_draw_every_character_never_the_missing_glyph_box():
    """For each character of each title: the card differs from the same card where that
    character is replaced by one no font draws (so the character was not drawn as the box)."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from blog.social_cards import EMOJI, card_text, draw_card

    problems = []
    for title in TITLES:
        text, face, missing = card_text(title)
        if missing:
            problems.append(f"{title!r}: no font draws {missing!r}")
            continue
        if EMOJI.search(text) or "  " in text:
            problems.append(f"{title!r}: emoji are not left out cleanly: {text!r}")
        card = draw_card(title, "The Healing Touch", "", COLOUR).tobytes()
        for character in sorted(set(text) - {" "}):
            other = draw_card(text.replace(character, NO_GLYPH), "The Healing Touch", "", COLOUR, face=face).tobytes()
            if other == card:
                problems.append(f"{title!r}: {character!r} (U+{ord(character):04X}) is drawn as the missing-glyph box")
    assert not problems, report(problems, "characters the cards cannot draw")


def test_right_to_left_titles_are_shaped_and_right_aligned():
    """Arabic letters join (raqm shapes them): the word is narrower than its letters drawn
    one by one, and the line ends at the right margin."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from PIL import ImageDraw

    from blog.social_cards import MARGIN, WIDTH, draw_card, font

    word = "العصبي"
    typeface = font(60)
    draw = ImageDraw.Draw(Image.new("L", (10, 10)))
    joined = draw.textlength(word, font=typeface, direction="rtl")
    apart = sum(draw.textlength(letter, font=typeface, direction="rtl") for letter in word)
    assert joined < apart, f"Arabic is not shaped: {joined} px joined vs {apart} px letter by letter"
    card = draw_card(word, "The Healing Touch", "", COLOUR).convert("L")
    box = card.crop((0, 170, WIDTH, 400)).point(lambda v: 255 if v > 250 else 0).getbbox()
    assert box and abs(box[2] - (WIDTH - MARGIN)) <= 6 and box[0] > WIDTH // 2, f"not right-aligned: {box}"


def test_json_ld_citations_are_complete_scholarly_articles(publish_site):
    """Each reference is a ScholarlyArticle with name, author (when the study names one),
    datePublished, isPartOf (the journal) and sameAs (its DOI, PubMed or PMC address)."""
    entries = {e["id"]: e for e in json.loads((ROOT / "content" / "bibliography.json").read_text("utf-8"))}
    trusted = re.compile(
        r"^https://(doi\.org/10\.|pubmed\.ncbi\.nlm\.nih\.gov/\d|pmc\.ncbi\.nlm\.nih\.gov/articles/PMC)"
    )
    problems = []
    for source in article_sources():
        page = built_page_of(source)
        soup = publish_site.soup(page)
        keys = [li["id"].removeprefix("ref-") for li in soup.select(".references li[id]")]
        medical = next((n for n in nodes(json_ld(soup)) if n.get("@type") == "MedicalWebPage"), {})
        for key, cited in zip(keys, medical.get("citation", []), strict=False):
            entry = entries[key]
            for field in ("name", "datePublished"):
                if not cited.get(field):
                    problems.append(f"{page}: citation {key} has no {field}")
            if cited.get("@type") != "ScholarlyArticle":
                problems.append(f"{page}: citation {key} is a {cited.get('@type')}, not a ScholarlyArticle")
            if (cited.get("isPartOf") or {}).get("name") != entry["container-title"]:
                problems.append(f"{page}: citation {key} isPartOf is {cited.get('isPartOf')}")
            if not cited.get("sameAs") or not all(trusted.match(u) for u in cited["sameAs"]):
                problems.append(f"{page}: citation {key} sameAs {cited.get('sameAs')}")
            if any(a.get("family") for a in entry.get("author", [])) != bool(cited.get("author")):
                problems.append(f"{page}: citation {key} author {cited.get('author')} does not match the entry")
        if len(keys) != len(medical.get("citation", [])):
            problems.append(f"{page}: {len(keys)} references but {len(medical.get('citation', []))} JSON-LD citations")
    assert not problems, report(problems, "incomplete JSON-LD citations")


def test_a_study_cited_in_two_articles_reads_the_same_in_both(publish_site):
    texts = {}
    for source in article_sources():
        soup = BeautifulSoup(publish_site.source(built_page_of(source)), "lxml")  # changed below: its own copy
        for li in soup.select(".references li[id]"):
            for back in li.select(".references-back"):
                back.decompose()
            texts.setdefault(li["id"], set()).add(normalise(li.get_text(" ")))
    differ = [f"{key}: {sorted(versions)}" for key, versions in texts.items() if len(versions) > 1]
    assert not differ, report(differ, "studies whose reference reads differently in two articles")
    assert len(texts) >= 30, f"only {len(texts)} distinct studies are cited"
