"""Driver of benches/compare.sh: times socgraf and its peers on the same
generated corpus and prints a Markdown table of medians and ratios.

Every figure is the median of --runs runs (at least 5 for the queries).
socgraf is timed as the command a user runs (process start to exit, store
open included); pyoxigraph and networkx inside this Python process
(interpreter start and imports left out, store open and reading the input
included), which favours the peers. rdflib parses the N-Quads once, outside
the timing, and each query is timed on that parsed graph.
The saved queries are also timed through socgraf's library in one process
(benches/query_in_process.rs): opening the store each time, as pyoxigraph is
timed, and on a store opened once, as rdflib is.
"""
import argparse
import datetime
import glob
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time

import networkx as nx
import pyoxigraph as ox
import rdflib

SOCGRAF = os.environ["SOCGRAF"]
GEN = os.environ["GEN"]
QUERY_LIB = os.environ["QUERY_LIB"]
PREFIXES = {
    "sg": "https://w3id.org/socgraf/ontology#",
    "id": "https://w3id.org/socgraf/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def run(cmd, stdout=subprocess.DEVNULL):
    """Runs a command; returns (wall seconds, CPU seconds, peak RSS in MB)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(cmd)} failed ({code}): {err}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024


# pyoxigraph's bulk load of an N-Quads file into a new store, timed from the
# store's creation to its flush and count; prints seconds and quads
LOAD_CHILD = """
import sys, time, pyoxigraph as ox
start = time.perf_counter()
s = ox.Store(sys.argv[2])
s.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)
s.flush()
n = len(s)
del s
print(time.perf_counter() - start, n)
"""


def query_runs(a):
    return max(a.runs, 5)


def median(xs):
    return statistics.median(xs)


def corpus(work, n):
    d = os.path.join(work, f"corpus-{n}")
    if not os.path.isdir(d):
        subprocess.run([GEN, str(n), "1", d], check=True, stderr=subprocess.DEVNULL)
    files = sorted(glob.glob(os.path.join(d, "*.txt")))
    return d, files, sum(os.path.getsize(f) for f in files)


def timed(f):
    start = time.perf_counter()
    out = f()
    return time.perf_counter() - start, out


class Timeout(Exception):
    pass


def with_timeout(seconds, f):
    def alarm(*_):
        raise Timeout()

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        return f()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--query-docs", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", required=True)
    ap.add_argument("--rdflib-timeout", type=int, default=120)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    rows = []

    def row(measure, ours, peer, ratio, goal, met):
        rows.append((measure, ours, peer, ratio, goal, "yes" if met else "no"))
        print("  " + " | ".join(str(x) for x in rows[-1]), file=sys.stderr, flush=True)

    # ---- build vs bulk load -------------------------------------------------
    cdir, files, nbytes = corpus(a.work, a.docs)
    mb = nbytes / 1e6
    print(f"corpus: {a.docs} documents, {mb:.1f} MB", file=sys.stderr)
    nq = os.path.join(a.work, f"extract-{a.docs}.nq")
    with open(nq, "wb") as out:
        run([SOCGRAF, "extract", "--format", "nquads", cdir], stdout=out)
    store = os.path.join(a.work, f"store-{a.docs}")
    pystore = os.path.join(a.work, f"py-{a.docs}")

    def load(pin):
        # in a child process of its own, timed inside it (interpreter start
        # and import left out, as before): a child's peak RSS on Linux starts
        # from its parent's at the fork, so a store loaded in this process
        # would count in every later build's peak
        out = subprocess.run(pin + [sys.executable, "-c", LOAD_CHILD, nq, pystore],
                             check=True, capture_output=True, text=True).stdout.split()
        return float(out[0]), int(out[1])

    # with one core and with all of them, both pinned by taskset: the build
    # plans its threads from the cores it may use, as pyoxigraph's loader
    # does. One build, then one load, in turn: the machine's speed wanders,
    # and side by side both meet the same hour
    cores = sorted(os.sched_getaffinity(0))
    settings = [("1 core", [cores[0]])]
    if len(cores) > 1:
        settings.append((f"all {len(cores)} cores", cores))
    rss = []
    for label, cpus in settings:
        pin = ["taskset", "-c", ",".join(str(c) for c in cpus)]
        builds, loads = [], []
        for _ in range(a.runs):
            shutil.rmtree(store, ignore_errors=True)
            w, _, m = run(pin + [SOCGRAF, "build", cdir, "--store", store])
            builds.append(w)
            rss.append(m)
            shutil.rmtree(pystore, ignore_errors=True)
            w, nquads = load(pin)
            loads.append(w)
        shutil.rmtree(pystore, ignore_errors=True)
        b, l = median(builds), median(loads)
        row(f"build {a.docs} docs (text → store), {label}, vs pyoxigraph bulk_load of its {nquads} N-Quads",
            f"{b:.2f} s", f"{l:.2f} s", f"{b / l:.2f}×", "≤ 1.0×", b / l <= 1.0)
    # the goal holds for every run, so the highest peak counts
    row(f"peak RSS of build, {a.docs} docs (highest of {len(rss)} runs)", f"{max(rss):.0f} MB",
        "", "", "≤ 1024 MB", max(rss) <= 1024)

    # ---- extraction vs ripgrep ------------------------------------------------
    names = set()
    with open("ontology/gazetteer.ttl", encoding="utf-8") as f:
        for m in re.finditer(r'"([^"\\]{2,})"@sv', f.read()):
            names.add(m.group(1))
    names_file = os.path.join(a.work, "gazetteer-names.txt")
    with open(names_file, "w", encoding="utf-8") as f:
        f.write("\n".join(sorted(names)) + "\n")
    ext, rgs = [], []
    for _ in range(a.runs):
        _, cpu, _ = run([SOCGRAF, "extract", "--format", "jsonl", cdir])
        ext.append(mb / cpu)
        _, cpu, _ = run(["rg", "-j1", "-c", "-F", "-f", names_file, cdir])
        rgs.append(mb / cpu)
    e, r = median(ext), median(rgs)
    row(f"extraction, MB/s per core (rg: {len(names)} gazetteer names, -j1)",
        f"{e:.1f} MB/s", f"{r:.1f} MB/s", f"{e / r:.3f}×", "≥ 50 MB/s", e >= 50)

    # ---- re-ingest one changed document ------------------------------------
    victim = files[len(files) // 2]
    with open(victim, encoding="utf-8") as f:
        original = f.read()
    single, folder = [], []
    try:
        for i in range(a.runs):
            with open(victim, "w", encoding="utf-8") as f:
                f.write(original + f"\nTillägg {i}: Eva Holm, socionom på Vision, deltog.\n")
            w, _, _ = run([SOCGRAF, "build", victim, "--store", store])
            single.append(w)
        with open(victim, "w", encoding="utf-8") as f:
            f.write(original)
        w, _, _ = run([SOCGRAF, "build", cdir, "--store", store])
        folder.append(w)
    finally:
        with open(victim, "w", encoding="utf-8") as f:
            f.write(original)
    s = median(single) * 1000
    row(f"re-ingest one changed document into the {a.docs}-document store",
        f"{s:.0f} ms", "", "", "≤ 50 ms", s <= 50)
    row(f"the same, whole folder given (scans and hashes all {a.docs} files)",
        f"{folder[0] * 1000:.0f} ms", "", "", "", True)

    # ---- saved queries ---------------------------------------------------------
    qdir, _, _ = corpus(a.work, a.query_docs)
    qstore = os.path.join(a.work, f"store-{a.query_docs}")
    shutil.rmtree(qstore, ignore_errors=True)
    run([SOCGRAF, "build", qdir, "--store", qstore])
    dump = os.path.join(a.work, f"store-{a.query_docs}.nq")
    with open(dump, "wb") as out:
        run([SOCGRAF, "export", "--store", qstore, "--format", "nquads"], stdout=out)
    qpy = os.path.join(a.work, f"py-{a.query_docs}")
    shutil.rmtree(qpy, ignore_errors=True)
    s = ox.Store(qpy)
    s.bulk_load(path=dump, format=ox.RdfFormat.N_QUADS)
    s.flush()
    del s
    load_rdflib, ds = timed(lambda: rdflib.Dataset(default_union=True).parse(dump, format="nquads"))
    print(f"rdflib parsed {a.query_docs} documents' N-Quads in {load_rdflib:.1f} s (not counted)",
          file=sys.stderr)
    prefix = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    # queries are quick and this machine's timings wander: at least 5 runs
    qruns = query_runs(a)
    for qf in sorted(glob.glob("queries/*.rq")):
        text = open(qf, encoding="utf-8").read()
        name = os.path.basename(qf)
        if "SERVICE" in text:
            rows.append((f"query {name}", "federated (SERVICE): not compared", "", "", "", ""))
            continue
        ours = [run([SOCGRAF, "query", "--store", qstore, qf, "--format", "csv"])[0]
                for _ in range(qruns)]
        # the library in one process: open, query, every solution written, close
        lib_out = subprocess.run([QUERY_LIB, qstore, str(qruns), qf], check=True,
                                 capture_output=True, text=True).stdout.split("\t")
        lib, n_lib, lib_open = float(lib_out[1]), int(lib_out[2]), float(lib_out[3])

        def py():
            st = ox.Store.read_only(qpy)
            res = st.query(prefix + text, use_default_graph_as_union=True)
            n = sum(1 for sol in res for _ in [str(list(sol))])
            del st
            return n

        pys = []
        for _ in range(qruns):
            w, n_py = timed(py)
            pys.append(w)

        def rd():
            return sum(1 for _ in ds.query(prefix + text))

        rd_error = None
        try:
            w_rd, n_rd = with_timeout(a.rdflib_timeout, lambda: timed(rd))
        except Timeout:
            w_rd, n_rd = None, None
        except Exception as e:  # rdflib's own SPARQL bugs
            w_rd, n_rd, rd_error = None, None, type(e).__name__
        o, p = median(ours), median(pys)
        if rd_error:
            rd_text = f"fails ({rd_error})"
        elif w_rd is None:
            rd_text = f"> {a.rdflib_timeout} s"
        else:
            rd_text = f"{w_rd:.2f} s ({n_rd} rows)"
        if n_lib != n_py:
            raise SystemExit(f"{name}: socgraf gives {n_lib} rows, pyoxigraph {n_py}")
        # pyoxigraph runs in process, opening its store each time: the library
        # figure is the like for like (the command's start and exit beside it);
        # rdflib queries a graph it parsed beforehand, so it is set against the
        # query on a store opened beforehand
        rd_ratio = (w_rd if w_rd is not None else a.rdflib_timeout) / lib_open
        rows.append((f"query {name} ({a.query_docs} docs, {n_py} rows)",
                     f"{lib * 1000:.0f} ms (command: {o * 1000:.0f} ms; "
                     f"store already open: {lib_open * 1000:.1f} ms)",
                     f"pyoxigraph {p * 1000:.0f} ms; rdflib {rd_text}",
                     f"{lib / p:.2f}× pyoxigraph (command {o / p:.2f}×); "
                     + ("rdflib n/a" if rd_error else f"{rd_ratio:.0f}× faster than rdflib"),
                     "≤ 1.1× ; ≥ 20×",
                     "yes" if lib / p <= 1.1 and (rd_error or rd_ratio >= 20) else "no"))
        print("  " + " | ".join(str(x) for x in rows[-1]), file=sys.stderr, flush=True)
    shutil.rmtree(qpy, ignore_errors=True)

    # ---- graph analysis ---------------------------------------------------------
    gml = os.path.join(a.work, f"graph-{a.query_docs}.graphml")
    run([SOCGRAF, "export", "--store", qstore, "--format", "graphml", "-o", gml])
    g0 = nx.read_graphml(gml)
    nodes = g0.number_of_nodes()
    samples = [] if nodes <= 5000 else ["--samples", "500"]
    ours = [run([SOCGRAF, "analyze", "--store", qstore] + samples)[0] for _ in range(a.runs)]

    def netx():
        g = nx.read_graphml(gml)
        d = nx.DiGraph(g)
        nx.pagerank(d, alpha=0.85)
        u = nx.Graph(g)
        if samples:
            nx.betweenness_centrality(u, k=500, seed=1)
        else:
            nx.betweenness_centrality(u)
        return nx.number_connected_components(u)

    theirs = [timed(netx)[0] for _ in range(a.runs)]
    o, t = median(ours), median(theirs)
    how = "sampled betweenness, 500 sources" if samples else "exact betweenness"
    row(f"analyze ({nodes} nodes; PageRank, {how}, components) vs networkx on its GraphML",
        f"{o:.2f} s", f"{t:.2f} s", f"{t / o:.0f}× faster", "≥ 20×", t / o >= 20)

    # ---- report ---------------------------------------------------------------------
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print(f"\nMachine: {os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}; "
          f"{datetime.date.today()}; median of {a.runs} runs (queries: {query_runs(a)}); pyoxigraph {ox.__version__}, "
          f"rdflib {rdflib.__version__}, networkx {nx.__version__}, "
          f"{subprocess.run(['rg', '--version'], capture_output=True, text=True).stdout.split()[1]} rg\n")
    print("| measure | socgraf | peer | ratio | goal | met |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(str(x) for x in r) + " |")
    with open(os.path.join(a.work, f"results-{a.docs}.json"), "w") as f:
        json.dump(rows, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
