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


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        here, "..", "..", "shared", "corpora", "extraction")
    data = json.load(open(os.path.join(corpus, "evaldata.json"), encoding="utf-8"))
    pages = []
    for url, item in data.items():
        with open(os.path.join(corpus, "html", item["file"]), "rb") as f:
            pages.append((url, f.read(), item))
    tp = fn = fp = 0
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
    for (url, html, item), text in zip(pages, texts):
        flat = collapse(text)
        for s in item.get("with", []):
            if collapse(s) in flat:
                tp += 1
            else:
                fn += 1
        for s in item.get("without", []):
            if collapse(s) in flat:
                fp += 1
    p = tp / (tp + fp) if tp + fp else 0
    r = tp / (tp + fn) if tp + fn else 0
    f1 = 2 * p * r / (p + r) if p + r else 0
    mb = sum(len(h) for _, h, _ in pages) / 1e6
    print(f"readability-lxml: {len(pages)} pages, {mb:.1f} MB: cpu {cpu:.2f} s = "
          f"{len(pages) / cpu:.1f} pages/s (wall {wall:.2f} s)")
    print(f"readability-lxml: precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}")


if __name__ == "__main__":
    main()
