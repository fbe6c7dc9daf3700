#!/usr/bin/env python3
"""Per-rule tables: how many relations, and how many typed entities, each
extraction rule produced on a scored set, and how many the gold confirms
(an entity counts for the rule of its most confident mention).

    python3 .ci/rules.py GOLD.jsonl PRED.jsonl [--json]

PRED is `socgraf extract --format jsonl` output (each relation carries
`rule`); GOLD follows ../shared/eval/GUIDELINES.md. Names are matched as
the scorer does (lower case, folded white space, dashes and quotes, any
alias). Also prints precision by confidence threshold, and for each rule
how many documents it fired in (a rule that fires in one document only is
a smell worth a look).
"""
import argparse
import json
import os
import sys
from collections import defaultdict

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "shared", "eval"))
try:
    from score import load_gold, norm, read_jsonl  # the scorer's own matching
except ImportError:  # pragma: no cover - ../shared missing
    sys.exit("rules.py: needs ../shared/eval/score.py beside the repository")


def judged(gold, pred_path):
    """Each predicted relation of a gold document with whether the gold
    holds it and whether an earlier prediction already matched the same
    gold fact: (record, ok, repeat)."""
    seen = set()
    for r in read_jsonl(pred_path):
        if r.get("kind") != "relation" or str(r.get("doc")) not in gold:
            continue
        g = gold[str(r["doc"])]
        s, o = g.alias.get(norm(r["subject"])), g.alias.get(norm(r["object"]))
        key = (str(r["doc"]), s, r["predicate"], o)
        ok = s is not None and o is not None and (s, r["predicate"], o) in g.relations
        repeat = ok and key in seen
        if ok:
            seen.add(key)
        yield r, ok, repeat


def judged_entities(gold, pred_path):
    """Each predicted entity of a gold document with whether the gold has
    an entity of that name (or alias) and type: (record, ok)."""
    for r in read_jsonl(pred_path):
        if r.get("kind") != "entity" or str(r.get("doc")) not in gold:
            continue
        g = gold[str(r["doc"])]
        forms = [r.get("name", "")] + list(r.get("aliases", []))
        idx = next((g.alias[norm(f)] for f in forms if norm(f) in g.alias), None)
        ok = idx is not None and g.entities[idx][1] == r.get("type")
        yield r, ok


def table(rows):
    """The rows of one table, most facts first."""
    print(f"{'rule':40s} {'facts':>5s} {'tp':>4s} {'fp':>4s} {'prec':>5s} {'docs':>4s}")
    for rule, v in sorted(rows.items(), key=lambda kv: (-kv[1]["n"], kv[0])):
        p = v["tp"] / v["n"] if v["n"] else 0.0
        flag = "  (one document)" if len(v["docs"]) == 1 else ""
        print(f"{rule:40s} {v['n']:5d} {v['tp']:4d} {v['fp']:4d} {p:5.2f} {len(v['docs']):4d}{flag}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold")
    ap.add_argument("pred")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    gold = load_gold(a.gold)
    rows = defaultdict(lambda: {"n": 0, "tp": 0, "fp": 0, "docs": set()})
    by_conf = []
    for r, ok, repeat in judged(gold, a.pred):
        rule = r.get("rule") or "(none)"
        row = rows[rule]
        row["n"] += 1
        row["docs"].add(r["doc"])
        row["tp" if ok else "fp"] += 1
        if not repeat:
            by_conf.append((float(r.get("confidence", 0)), ok))
    entity_rows = defaultdict(lambda: {"n": 0, "tp": 0, "fp": 0, "docs": set()})
    for r, ok in judged_entities(gold, a.pred):
        row = entity_rows[r.get("rule") or "(none)"]
        row["n"] += 1
        row["docs"].add(r["doc"])
        row["tp" if ok else "fp"] += 1
    total_gold = sum(len(d.relations) for d in gold.values())
    thresholds = []
    for t in (0.5, 0.65, 0.8):
        kept = [ok for c, ok in by_conf if c >= t]
        tp = sum(kept)
        p = tp / len(kept) if kept else 0.0
        rc = tp / total_gold if total_gold else 0.0
        thresholds.append({"min_confidence": t, "facts": len(kept), "precision": p, "recall": rc})
    if a.json:
        out = {k: {**v, "docs": len(v["docs"])} for k, v in rows.items()}
        ents = {k: {**v, "docs": len(v["docs"])} for k, v in entity_rows.items()}
        print(json.dumps({"rules": out, "entity_rules": ents, "thresholds": thresholds}))
        return
    print("relations by rule")
    table(rows)
    print()
    print("typed entities by the rule of their most confident mention")
    table(entity_rows)
    print()
    print("confidence >= t: facts, precision, recall")
    for t in thresholds:
        print(f"  {t['min_confidence']:.2f}: {t['facts']:4d}  P {t['precision']:.3f}  R {t['recall']:.3f}")


if __name__ == "__main__":
    main()
