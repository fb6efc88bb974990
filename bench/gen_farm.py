#!/usr/bin/env python3
"""Generates the benchmark "farm": N feed files of real article text.

Each feed has --items items (default 20) whose titles and full content
(content:encoded / Atom content / RDF content:encoded, ~7 KB each, so ~150 KB
per feed) are paragraphs taken from the real news pages in
../shared/corpora/extraction/html (Trafilatura evaluation set, Apache-2.0;
pages (c) their publishers, used as test data). Formats rotate RSS 2.0, Atom
1.0 and RSS 1.0 (RDF). Output is deterministic for a given --seed.

    /usr/bin/python3 bench/gen_farm.py --out /tmp/farm --feeds 2000 --items 20 \
        --base-url http://127.0.0.1:8080/

writes DIR/feed-00000.{rss,atom,rdf}, ... and DIR/urls.txt (one URL per feed:
BASE_URL + file name), for the parse benchmark and the fetcher's local server.
"""
import argparse
import html
import html.parser
import os
import random
import sys
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.join(HERE, "..", "..", "shared", "corpora", "extraction", "html")


class Paragraphs(html.parser.HTMLParser):
    """Collects the text of <p> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.buf = []
        self.out = []

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self.depth += 1
            self.buf = []

    def handle_endtag(self, tag):
        if tag == "p" and self.depth:
            self.depth -= 1
            text = " ".join("".join(self.buf).split())
            # Prose only: scripts and styles that pages put in <p> are skipped.
            if 80 <= len(text) <= 2000 and not any(c in text for c in "{}=;<>"):
                self.out.append(text)

    def handle_data(self, data):
        if self.depth:
            self.buf.append(data)


def load_paragraphs(corpus, limit_files):
    paras = []
    for name in sorted(os.listdir(corpus))[:limit_files]:
        if not name.endswith(".html"):
            continue
        with open(os.path.join(corpus, name), "rb") as f:
            raw = f.read()
        p = Paragraphs()
        try:
            p.feed(raw.decode("utf-8", errors="replace"))
        except Exception:  # malformed pages: keep what was read
            pass
        paras.extend(p.out)
    if not paras:
        sys.exit("gen_farm: no paragraphs found in " + corpus)
    return paras


def make_item(rng, paras, feed_no, item_no, when):
    title_words = rng.choice(paras).split()[: rng.randint(6, 14)]
    title = " ".join(title_words)
    body, size = [], 0
    while size < 7000:
        p = rng.choice(paras)
        if rng.random() < 0.3:
            p = p + ' <a href="/related/%d">related</a>' % rng.randint(1, 99999)
        if rng.random() < 0.1:
            body.append('<p><img src="img/%d.jpg" alt=""></p>' % rng.randint(1, 99999))
        body.append("<p>" + (p if "<a " in p else html.escape(p, quote=False)) + "</p>")
        size += len(p) + 7
    return {
        "title": title,
        "link": "articles/%d/%d.html" % (feed_no, item_no),
        "guid": "farm-%d-%d" % (feed_no, item_no),
        "summary": html.escape(rng.choice(paras)[:300], quote=False),
        "content": "\n".join(body),
        "author": rng.choice(["Staff", "A. Reporter", "Newsdesk", "Jane Roe"]),
        "category": rng.choice(["politics", "world", "business", "science", "sport"]),
        "date": when,
    }


def rss(feed_no, items, base):
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
           "<channel>", "<title>Farm feed %d &amp; news</title>" % feed_no,
           "<link>%s</link>" % base, "<description>Generated farm feed</description>",
           "<language>en</language><ttl>15</ttl>"]
    for it in items:
        out.append("<item><title>%s</title><link>%s</link><guid isPermaLink=\"false\">%s</guid>"
                   "<dc:creator>%s</dc:creator><category>%s</category><pubDate>%s</pubDate>"
                   "<description>%s</description><content:encoded><![CDATA[%s]]></content:encoded>"
                   "</item>" % (html.escape(it["title"]), it["link"], it["guid"], it["author"],
                                it["category"], it["date"].strftime("%a, %d %b %Y %H:%M:%S +0000"),
                                it["summary"], it["content"]))
    out.append("</channel></rss>")
    return "\n".join(out)


def atom(feed_no, items, base):
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en" xml:base="%s">' % base,
           "<title>Farm feed %d &amp; news</title>" % feed_no, '<link href="/"/>',
           "<id>urn:farm:%d</id><updated>%s</updated>" % (
               feed_no, items[0]["date"].strftime("%Y-%m-%dT%H:%M:%SZ"))]
    for it in items:
        out.append('<entry><id>urn:%s</id><title type="html">%s</title><link href="%s"/>'
                   "<author><name>%s</name></author><category term=\"%s\"/>"
                   "<updated>%s</updated><summary type=\"html\">%s</summary>"
                   '<content type="html">%s</content></entry>' % (
                       it["guid"], html.escape(html.escape(it["title"])), it["link"], it["author"],
                       it["category"], it["date"].strftime("%Y-%m-%dT%H:%M:%SZ"),
                       html.escape(it["summary"]), html.escape(it["content"])))
    out.append("</feed>")
    return "\n".join(out)


def rdf(feed_no, items, base):
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
           'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:content="http://purl.org/rss/1.0/modules/content/">',
           '<channel rdf:about="%s"><title>Farm feed %d &amp; news</title><link>%s</link>'
           "<description>Generated farm feed</description></channel>" % (base, feed_no, base)]
    for it in items:
        link = base + it["link"]
        out.append('<item rdf:about="%s"><title>%s</title><link>%s</link><dc:creator>%s</dc:creator>'
                   "<dc:subject>%s</dc:subject><dc:date>%s</dc:date><description>%s</description>"
                   "<content:encoded><![CDATA[%s]]></content:encoded></item>" % (
                       link, html.escape(it["title"]), link, it["author"], it["category"],
                       it["date"].strftime("%Y-%m-%dT%H:%M:%S+00:00"), it["summary"],
                       it["content"]))
    out.append("</rdf:RDF>")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="output directory (created)")
    ap.add_argument("--feeds", type=int, default=2000)
    ap.add_argument("--items", type=int, default=20)
    ap.add_argument("--base-url", default="http://127.0.0.1:8080/",
                    help="URL prefix the feeds will be served under (urls.txt)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--corpus", default=DEFAULT_CORPUS, help="folder of real HTML pages")
    ap.add_argument("--corpus-files", type=int, default=200, help="pages to read text from")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    paras = load_paragraphs(args.corpus, args.corpus_files)
    os.makedirs(args.out, exist_ok=True)
    start = datetime(2026, 11, 1, tzinfo=timezone.utc)
    urls, total = [], 0
    for n in range(args.feeds):
        kind = ("rss", "atom", "rdf")[n % 3]
        name = "feed-%05d.%s" % (n, kind)
        base = args.base_url
        items = [make_item(rng, paras, n, k, start + timedelta(minutes=rng.randint(0, 40000)))
                 for k in range(args.items)]
        doc = {"rss": rss, "atom": atom, "rdf": rdf}[kind](n, items, base)
        data = doc.encode("utf-8")
        total += len(data)
        with open(os.path.join(args.out, name), "wb") as f:
            f.write(data)
        urls.append(args.base_url + name)
    with open(os.path.join(args.out, "urls.txt"), "w") as f:
        f.write("\n".join(urls) + "\n")
    print("gen_farm: %d feeds, %d items each, %.1f MB in %s" % (
        args.feeds, args.items, total / 1e6, args.out), file=sys.stderr)


if __name__ == "__main__":
    main()
