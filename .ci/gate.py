#!/usr/bin/env python3
"""Compares a set's figures (score.py --json on stdin) with its floors file
(.ci/dev-floors.json, .ci/train-floors.json)."""
import json
import sys

floors = json.load(open(sys.argv[1]))
res = json.loads(sys.stdin.read().strip().splitlines()[-1])
checks = [
    ("entity (name + type) F1", res["entity_typed"][2], floors["entity_typed_f1"], ">="),
    ("relation F1", res["relation"][2], floors["relation_f1"], ">="),
    ("worksAt role accuracy", res["worksAt_role_accuracy"], floors["worksAt_role_accuracy"], ">="),
    ("entity duplicates", res["entity_duplicates"], floors["max_entity_duplicates"], "<="),
]
bad = 0
for name, got, floor, op in checks:
    ok = got >= floor if op == ">=" else got <= floor
    print(f"quality gate: {name} {got:.3f} {op} {floor} {'ok' if ok else 'FAILED'}")
    bad += not ok
sys.exit(1 if bad else 0)
