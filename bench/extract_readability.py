#!/usr/bin/python3
"""readability-lxml (Debian python3-readability) on the extraction corpus:
pages/s on one core, and the same snippet score as bench/extract_eval_bench.

    /usr/bin/python3 bench/extract_readability.py [CORPUS_DIR]
"""
import json
import os
import sys
import time

import lxml.html
from readability import Document


def collapse(s):
    return " ".join(s.split())


def half(name):
    """The bench's tuning split: FNV-1a of the file name, even = A, odd = B."""
    h = 2166136261
    for b in name.encode("utf-8"):
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h & 1


def score(tp, fn, fp):
    p = tp / (tp + fp) if tp + fp else 0
    r = tp / (tp + fn) if tp + fn else 0
    return p, r, (2 * p * r / (p + r) if p + r else 0)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        here, "..", "..", "shared", "corpora", "extraction")
    data = json.load(open(os.path.join(corpus, "evaldata.json"), encoding="utf-8"))
    pages = []
    for url, item in data.items():
        with open(os.path.join(corpus, "html", item["file"]), "rb") as f:
            pages.append((url, f.read(), item))
    texts = []
    t0 = time.process_time()
    w0 = time.perf_counter()
    for url, html, item in pages:
        try:
            summary = Document(html, url=url).summary(html_partial=True)
            text = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
        except Exception:  # readability raises on some broken pages
            text = ""
        texts.append(text)
    cpu = time.process_time() - t0
    wall = time.perf_counter() - w0
    counts = {0: [0, 0, 0], 1: [0, 0, 0]}  # half -> tp, fn, fp
    for (url, html, item), text in zip(pages, texts):
        flat = collapse(text)
        c = counts[half(item["file"])]
        for s in item.get("with", []):
            if collapse(s) in flat:
                c[0] += 1
            else:
                c[1] += 1
        for s in item.get("without", []):
            if collapse(s) in flat:
                c[2] += 1
    for name, (tp, fn, fp) in (("half A", counts[0]), ("half B", counts[1]),
                               ("all", [a + b for a, b in zip(counts[0], counts[1])])):
        p, r, f1 = score(tp, fn, fp)
        print(f"readability-lxml {name}: precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}")
    mb = sum(len(h) for _, h, _ in pages) / 1e6
    print(f"readability-lxml: {len(pages)} pages, {mb:.1f} MB: cpu {cpu:.2f} s = "
          f"{len(pages) / cpu:.1f} pages/s (wall {wall:.2f} s)")


if __name__ == "__main__":
    main()
