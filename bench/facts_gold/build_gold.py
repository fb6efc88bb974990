#!/usr/bin/env python3
"""Joins texts_<set>.json with the hand annotations (annotations.py / annotations_heldout.py)
into gold_<set>.json with byte offsets into the UTF-8 text. Fails loudly when a surface
is not found, so annotation typos cannot slip through."""
import importlib, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))


def find_all(text, items, key):
    out, seen = [], {}
    for it in items:
        # "context|surface": the surface right after the given left context.
        ctx, _, surf = it[0].rpartition('|')
        n = seen.get(it[0], 0)
        pos = -1
        for _ in range(n + 1):
            pos = text.find(ctx + surf, pos + 1)
            if pos < 0:
                sys.exit(f'{key}: surface not found (occurrence {n + 1}): {it[0]!r}')
        seen[it[0]] = n + 1
        pos += len(ctx)
        it = (surf,) + tuple(it[1:])
        b = len(text[:pos].encode('utf-8'))
        e = b + len(surf.encode('utf-8'))
        out.append((b, e, it))
    return out


def main(which):
    texts = json.load(open(os.path.join(HERE, f'texts_{which}.json')))
    mod = importlib.import_module('annotations' if which == 'gold' else 'annotations_' + which)
    gold = []
    for key, ann in mod.ANN.items():
        art = texts[key]
        t = art['text']
        rec = {'id': key, 'source': art['source'], 'published': art['published'], 'text': t,
               'quotes': [], 'quantities': [], 'dates': []}
        for b, e, (q, spk) in find_all(t, ann['quotes'], key):
            rec['quotes'].append({'start': b, 'end': e, 'text': q, 'speaker': spk})
        for b, e, (s, v, u, a) in find_all(t, ann['quantities'], key):
            rec['quantities'].append({'start': b, 'end': e, 'text': s, 'value': v, 'unit': u,
                                      'approx': a})
        for b, e, (s, sd, ed) in find_all(t, ann['dates'], key):
            rec['dates'].append({'start': b, 'end': e, 'text': s, 'start_date': sd, 'end_date': ed})
        gold.append(rec)
    json.dump(gold, open(os.path.join(HERE, f'gold_{which}.json'), 'w'), ensure_ascii=False, indent=1)
    print(f'{which}: {len(gold)} articles, {sum(len(g["quotes"]) for g in gold)} quotes, '
          f'{sum(len(g["quantities"]) for g in gold)} quantities, {sum(len(g["dates"]) for g in gold)} dates')


if __name__ == '__main__':
    sys.path.insert(0, HERE)
    main(sys.argv[1] if len(sys.argv) > 1 else 'gold')
