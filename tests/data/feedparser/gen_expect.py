#!/usr/bin/env python3
"""Turns the feedparser test corpus into newsd's conformance table.

Each corpus file states its expectation in a comment, e.g.
    Expect: not bozo and entries[0]['title'] == 'Example'
This script reads that Python expression with `ast`, splits it into its
`and`-ed conjuncts and translates every conjunct that is about a field newsd's
schema has (INTERFACES.md section 1) into one check row:

    file <TAB> content_type <TAB> base_url <TAB> content_language <TAB> path <TAB> json(expected)

`path` addresses the JSON object of `newsd parse` ("title", "items.0.link",
"items.#" = number of items, "recovered", "format", "error" = no feed found).
Conjuncts about fields newsd does not have are left out; a file with no
translatable conjunct about a field is not applicable and is not copied. The
translation is by rule only (field mapping, plain-text rule for titles,
RFC 3339 for time tuples), never per file.

Usage (from the repository root):
    /usr/bin/python3 tests/data/feedparser/gen_expect.py /work/shared/corpora/feedparser
It copies the applicable files (and the licence) beside itself and writes
expectations.tsv.
"""
import ast
import calendar
import html
import json
import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FOLDERS = ["wellformed", "illformed", "encoding", "entities", "json"]
SKIP_DIRS = {
    "sanitize",  # HTML sanitising for display: newsd keeps HTML as is
    "cdf",  # Microsoft CDF is not one of the formats newsd reads (INTERFACES.md 1)
}
TEST_SERVER = "http://127.0.0.1:8097/tests/"  # where feedparser's harness serves files

VERSIONS = {
    "rss090": "rss0.9x", "rss091n": "rss0.9x", "rss091u": "rss0.9x", "rss092": "rss0.9x",
    "rss093": "rss0.9x", "rss094": "rss0.9x", "rss20": "rss2.0", "rss": "rss2.0",
    "rss10": "rss1.0", "atom10": "atom1.0", "atom": "atom1.0", "atom03": "atom0.3",
    "atom02": "atom0.3", "atom01": "atom0.3", "json1": "jsonfeed1.x", "json11": "jsonfeed1.x",
}
PLAIN, HTML, LINK, TIME, RAW = "plain", "html", "link", "time", "raw"
FEED_FIELDS = {
    ("title",): ("title", PLAIN), ("title_detail", "value"): ("title", PLAIN),
    ("link",): ("link", LINK),
    ("subtitle",): ("description", HTML), ("tagline",): ("description", HTML),
    ("description",): ("description", HTML), ("subtitle_detail", "value"): ("description", HTML),
    ("tagline_detail", "value"): ("description", HTML),
    ("language",): ("language", RAW),
    ("updated_parsed",): ("updated", TIME), ("modified_parsed",): ("updated", TIME),
    ("updated",): ("updated", TIME), ("modified",): ("updated", TIME),
    ("ttl",): ("ttl_seconds", "minutes"),
}
ENTRY_FIELDS = {
    ("title",): ("title", PLAIN), ("title_detail", "value"): ("title", PLAIN),
    ("link",): ("link", LINK), ("id",): ("guid", RAW), ("guid",): ("guid", RAW),
    ("author",): ("author", PLAIN), ("author_detail", "name"): ("author", PLAIN),
    ("summary",): ("summary_html", HTML), ("description",): ("summary_html", HTML),
    ("summary_detail", "value"): ("summary_html", HTML),
    ("content", 0, "value"): ("content_html", HTML),
    ("published_parsed",): ("published", TIME), ("issued_parsed",): ("published", TIME),
    ("published",): ("published", TIME), ("issued",): ("published", TIME),
    ("updated_parsed",): ("updated", TIME), ("modified_parsed",): ("updated", TIME),
    ("updated",): ("updated", TIME), ("modified",): ("updated", TIME),
    ("category",): ("categories.0", PLAIN),
    ("media_thumbnail", 0, "url"): ("image", LINK),
    ("image", "href"): ("image", LINK),
}


def plain(v):
    """newsd titles are plain text: markup removed, entities decoded, spaces collapsed."""
    v = re.sub(r"<[A-Za-z/!?][^>]*>", " ", v)
    v = html.unescape(v)
    return re.sub(r"[ \t\r\n\f\v]+", " ", v).strip()


def time_value(v):
    if isinstance(v, tuple) and len(v) >= 6:
        return "%04d-%02d-%02dT%02d:%02d:%02dZ" % tuple(v[:6])
    if isinstance(v, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", v):
        return v
    return None  # a raw date string: newsd keeps only the normalised time


def access_path(node):
    """entries[0]['title'] / feed.title -> ['entries', 0, 'title'] (or None)."""
    parts = []
    while True:
        if isinstance(node, ast.Subscript):
            sl = node.slice
            if isinstance(sl, ast.Index):  # Python < 3.9
                sl = sl.value
            if not isinstance(sl, ast.Constant):
                return None
            parts.append(sl.value)
            node = node.value
        elif isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            return list(reversed(parts))
        else:
            return None


def translate(conj):
    """One conjunct -> (path, value) or None when it is not about our schema."""
    if isinstance(conj, ast.Name) and conj.id == "bozo":
        return ("recovered", True)
    if (isinstance(conj, ast.UnaryOp) and isinstance(conj.op, ast.Not)
            and isinstance(conj.operand, ast.Name) and conj.operand.id == "bozo"):
        return ("recovered", False)
    if not (isinstance(conj, ast.Compare) and len(conj.ops) == 1
            and isinstance(conj.ops[0], ast.Eq)):
        return None
    left, right = conj.left, conj.comparators[0]
    try:
        expected = ast.literal_eval(right)
    except ValueError:
        return None
    if (isinstance(left, ast.Call) and isinstance(left.func, ast.Name) and left.func.id == "len"
            and len(left.args) == 1):
        p = access_path(left.args[0])
        if p == ["entries"]:
            return ("items.#", expected)
        return None
    p = access_path(left)
    if not p:
        return None
    if p == ["version"]:
        if expected == "":
            return ("error", True)
        return ("format", VERSIONS[expected]) if expected in VERSIONS else None
    if p[0] == "feed":
        mapped, prefix = FEED_FIELDS.get(tuple(p[1:])), ""
    elif p[0] == "entries" and len(p) >= 3 and isinstance(p[1], int):
        rest = tuple(p[2:])
        prefix = "items.%d." % p[1]
        mapped = ENTRY_FIELDS.get(rest)
        if mapped is None and len(rest) == 3 and rest[0] == "tags" and rest[2] == "term":
            mapped = ("categories.%d" % rest[1], PLAIN)
        if mapped is None and len(rest) == 3 and rest[0] == "enclosures":
            key = {"href": "url", "url": "url", "type": "type", "length": "length"}.get(rest[2])
            if key:
                mapped = ("enclosures.%d.%s" % (rest[1], key), "int" if key == "length" else RAW)
    else:
        return None
    if mapped is None or not isinstance(expected, (str, int, tuple)):
        return None
    field, kind = mapped
    if kind == PLAIN:
        value = plain(expected)
    elif kind == TIME:
        value = time_value(expected)
        if value is None:
            return None
    elif kind == "minutes":
        value = int(expected) * 60
    elif kind == "int":
        try:
            value = int(expected)
        except ValueError:
            return None
    else:
        value = expected
    if value == "":
        value = None  # newsd: missing or empty text is null
    return (prefix + field, value)


def conjuncts(node):
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
        out = []
        for v in node.values:
            out.extend(conjuncts(v))
        return out
    return [node]


def header_fields(text):
    headers = {}
    for m in re.finditer(r"Header:\s*([A-Za-z-]+):\s*(.*?)\s*$", text, re.M):
        headers[m.group(1).lower()] = m.group(2)
    return headers


def main():
    corpus = sys.argv[1]
    rows, copied = [], 0
    for folder in FOLDERS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(corpus, folder)):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, corpus)
                with open(path, "rb") as f:
                    raw = f.read()
                text = raw.decode("latin-1")
                m = re.search(r"Expect:\s*(.*?)\s*(?:-->|\"|$)", text, re.M)
                if not m:
                    continue
                try:
                    tree = ast.parse(m.group(1), mode="eval").body
                except SyntaxError:
                    continue
                checks = [c for c in (translate(x) for x in conjuncts(tree)) if c]
                about_fields = [c for c in checks if c[0] != "recovered"]
                if not about_fields and not (folder != "wellformed" and checks):
                    continue
                headers = header_fields(text)
                base = TEST_SERVER + rel
                # An HTTP client takes Content-Location as the base only when it is http(s).
                if re.match(r"https?://", headers.get("content-location", "")):
                    base = headers["content-location"]
                ctype = headers.get("content-type", "")
                clang = headers.get("content-language", "")
                for p, v in checks:
                    rows.append("\t".join([rel, ctype, base, clang, p, json.dumps(v)]))
                dest = os.path.join(HERE, rel)
                os.makedirs(os.path.dirname(dest), exist_ok=True)
                shutil.copyfile(path, dest)
                copied += 1
    shutil.copyfile(os.path.join(corpus, "LICENSE-feedparser"), os.path.join(HERE, "LICENSE"))
    shutil.copyfile(os.path.join(corpus, "date_parser_vectors.tsv"),
                    os.path.join(HERE, "date_parser_vectors.tsv"))
    with open(os.path.join(HERE, "expectations.tsv"), "w", encoding="utf-8") as f:
        f.write("# generated by gen_expect.py from feedparser's Expect: lines; do not edit\n")
        f.write("\n".join(rows) + "\n")
    print("%d files, %d checks" % (copied, len(rows)), file=sys.stderr)


if __name__ == "__main__":
    main()
