#!/usr/bin/env python3
"""Learns each extraction rule's confidence from the gold sets, and reports
how well that confidence ranks facts under cross-validation by document.

    python3 .ci/calibrate.py GOLD PRED [GOLD PRED ...] --cv 5

PRED is `socgraf extract --format jsonl` output for the documents of GOLD.
A rule's confidence is its precision on the gold, shrunk towards the
confidence written in the code: (tp + K * prior) / (facts + K), K = 4, so a
rule seen a few times keeps most of its prior. --cv K splits the documents
into K folds, learns the table on K-1 of them and scores the facts of the
held-out fold by it: precision and recall at three thresholds, summed over
folds, beside the same facts ranked by the confidence in the code. The
extractor uses the learned table only if it ranks better; so far it does
not (README, Extraction quality).
"""
import argparse
import os
import sys
from collections import defaultdict

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "shared", "eval"))
sys.path.insert(0, os.path.dirname(__file__))
from score import load_gold  # noqa: E402
from rules import judged  # noqa: E402

K = 4.0
THRESHOLDS = (0.5, 0.65, 0.8)


def facts(pairs):
    """(doc, rule, prior confidence, ok, key) for every predicted relation, and
    the gold relation count per document."""
    out, gold_count = [], {}
    for gpath, ppath in pairs:
        gold = load_gold(gpath)
        for d, g in gold.items():
            gold_count[d] = len(g.relations)
        for r, ok, repeat in judged(gold, ppath):
            if repeat:
                continue  # the scorer counts a gold fact once
            out.append((str(r["doc"]), r.get("rule", ""), float(r.get("confidence", 0.5)), ok))
    return out, gold_count


def learn(rows):
    n, tp, prior = defaultdict(int), defaultdict(int), {}
    for _, rule, p, ok in rows:
        n[rule] += 1
        tp[rule] += ok
        prior.setdefault(rule, p)
    return {r: ((tp[r] + K * prior[r]) / (n[r] + K), n[r], tp[r]) for r in n}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+", help="GOLD PRED pairs")
    ap.add_argument("--cv", type=int, default=5)
    a = ap.parse_args()
    if len(a.files) % 2:
        sys.exit("calibrate.py: give GOLD PRED pairs")
    rows, gold_count = facts(list(zip(a.files[::2], a.files[1::2])))
    if a.cv:
        docs = sorted(gold_count)
        fold_of = {d: i % a.cv for i, d in enumerate(docs)}
        scored, code = [], []
        for k in range(a.cv):
            table = learn([x for x in rows if fold_of[x[0]] != k])
            for d, rule, p, ok in rows:
                if fold_of[d] == k:
                    c = table.get(rule, (p,))[0]
                    scored.append((c, ok))
                    code.append((p, ok))
        total = sum(gold_count.values())
        print(f"{a.cv}-fold cross-validation by document ({len(docs)} documents, {total} gold relations)")
        print("confidence >= t: facts, precision, recall (held-out folds) | the code's confidence")
        for t in THRESHOLDS:
            cells = []
            for facts_ in (scored, code):
                kept = [ok for c, ok in facts_ if c >= t]
                p = sum(kept) / len(kept) if kept else 0.0
                cells.append(f"{len(kept):4d}  P {p:.3f}  R {sum(kept) / total:.3f}")
            print(f"  {t:.2f}: {cells[0]} | {cells[1]}")


if __name__ == "__main__":
    main()
