"""Sanity checks for the held-out gold set (tests/articles_heldout).

Checks: every gold file parses; its article exists; every event `sentence` and every quote `text`
is a verbatim substring of the article; every `plover` is one of the 16 PLOVER 2.0 categories;
every `date` is null, YYYY-MM or YYYY-MM-DD; modality is one of the allowed values; the stored
weekday matches `published`. Prints per-article and total counts; exits 1 on any failure.
"""
import datetime
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CATS = ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST',
        'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'MOBILIZE', 'SANCTION', 'COERCE', 'ASSAULT']
ABBR = ['AGR', 'CON', 'SUP', 'CED', 'COO', 'AID', 'RET', 'REQ', 'ACC', 'REJ', 'THR', 'PRO', 'MOB', 'SAN', 'COE', 'ASS']
MODALITIES = {'asserted', 'reported', 'planned', 'hypothetical', 'demanded'}
DATE_RE = re.compile(r'^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$')
KEYS = ['sentence', 'source', 'source_country', 'target', 'target_country', 'plover', 'cameo_root',
        'negated', 'modality', 'date', 'location', 'note']


def main():
    errors = []
    total = {c: 0 for c in CATS}
    flags = {'negated': 0, 'background': 0, 'low_confidence': 0, 'in_caption': 0}
    n_ev = n_q = n_ent = 0
    rows = []
    files = sorted(glob.glob(os.path.join(HERE, '*.gold.json')))
    if not files:
        errors.append('no gold files found')
    for path in files:
        name = os.path.basename(path)
        try:
            with open(path, encoding='utf-8') as f:
                gold = json.load(f)
        except Exception as exc:  # noqa: BLE001
            errors.append(f'{name}: JSON does not parse: {exc}')
            continue
        txt_path = os.path.join(HERE, gold.get('doc', '') + '.txt')
        if not os.path.exists(txt_path):
            errors.append(f'{name}: article {txt_path} missing')
            continue
        text = open(txt_path, encoding='utf-8').read()
        pub = gold.get('published', '')
        try:
            wd = datetime.date.fromisoformat(pub).strftime('%A')
            if gold.get('weekday') != wd:
                errors.append(f'{name}: weekday {gold.get("weekday")} != {wd}')
        except ValueError:
            errors.append(f'{name}: bad published date {pub!r}')
        counts = {c: 0 for c in CATS}
        for i, ev in enumerate(gold.get('events', [])):
            tag = f'{name} event {ev.get("id", i)}'
            for k in KEYS:
                if k not in ev:
                    errors.append(f'{tag}: missing key {k}')
            if ev.get('sentence', '') not in text or not ev.get('sentence'):
                errors.append(f'{tag}: sentence not verbatim in article')
            if ev.get('plover') not in CATS:
                errors.append(f'{tag}: bad plover {ev.get("plover")!r}')
            else:
                counts[ev['plover']] += 1
            d = ev.get('date')
            if d is not None and not DATE_RE.match(str(d)):
                errors.append(f'{tag}: bad date {d!r}')
            if ev.get('modality') not in MODALITIES:
                errors.append(f'{tag}: bad modality {ev.get("modality")!r}')
            if not isinstance(ev.get('negated'), bool):
                errors.append(f'{tag}: negated must be a bool')
            for fl in flags:
                if fl == 'negated':
                    flags[fl] += bool(ev.get('negated'))
                else:
                    flags[fl] += bool(ev.get(fl))
        for j, q in enumerate(gold.get('quotes', [])):
            if not q.get('text') or q['text'] not in text:
                errors.append(f'{name} quote {j}: text not verbatim in article: {q.get("text")!r}')
        for c in CATS:
            total[c] += counts[c]
        ne, nq, nn = len(gold.get('events', [])), len(gold.get('quotes', [])), len(gold.get('entities', []))
        n_ev += ne; n_q += nq; n_ent += nn
        rows.append((gold.get('doc'), len(text.split()), counts, ne, nq, nn))

    print('| article | words | ' + ' | '.join(ABBR) + ' | events | quotes | entities |')
    print('|---' * (len(ABBR) + 5) + '|')
    for doc, words, counts, ne, nq, nn in rows:
        cells = ' | '.join(str(counts[c]) if counts[c] else '·' for c in CATS)
        print(f'| `{doc}` | {words} | {cells} | **{ne}** | {nq} | {nn} |')
    cells = ' | '.join(f'**{total[c]}**' for c in CATS)
    print(f'| **total** | | {cells} | **{n_ev}** | **{n_q}** | **{n_ent}** |')
    print(f'\n{n_ev} events: {flags["negated"]} negated, {flags["background"]} background, '
          f'{flags["in_caption"]} in captions, {flags["low_confidence"]} low-confidence')
    missing = [c for c in CATS if total[c] == 0]
    if missing:
        print('categories with no event:', ', '.join(missing))
    if errors:
        print('\nFAILURES:')
        for e in errors:
            print('  ' + e)
        return 1
    print('\nall checks passed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
