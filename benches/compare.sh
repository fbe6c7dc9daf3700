#!/usr/bin/env bash
# socgraf against the tools a user would otherwise reach for, in one run:
# pyoxigraph (bulk load, queries), ripgrep (scanning), rdflib (queries) and
# networkx (graph analysis). Prints medians and ratios as a Markdown table.
#   bash benches/compare.sh [DOCS=10000] [QUERY_DOCS=1000] [RUNS=3]
# DOCS is the corpus for build, extraction, peak memory and re-ingest;
# QUERY_DOCS a smaller one for the saved queries and the graph analysis,
# where rdflib and networkx would otherwise run for hours.
set -euo pipefail
cd "$(dirname "$0")/.."
docs="${1:-10000}"; qdocs="${2:-1000}"; runs="${3:-3}"
target="${CARGO_TARGET_DIR:-target}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/socgraf-bench"
mkdir -p "$cache"

# the peers: ripgrep from Debian, the Python libraries in a venv of their own
if ! command -v rg >/dev/null; then
  sudo_=""; [ "$(id -u)" -ne 0 ] && sudo_="sudo"
  $sudo_ apt-get install -y ripgrep >/dev/null
fi
if [ ! -x "$cache/venv/bin/python" ]; then
  python3 -m venv "$cache/venv"
fi
"$cache/venv/bin/python" -c "import pyoxigraph, rdflib, networkx, scipy" 2>/dev/null ||
  "$cache/venv/bin/pip" install --quiet pyoxigraph rdflib networkx scipy

cargo build --release --quiet --bin socgraf --example gen_corpus --example query_in_process
export SOCGRAF="$target/release/socgraf" GEN="$target/release/examples/gen_corpus" \
  QUERY_LIB="$target/release/examples/query_in_process"
exec "$cache/venv/bin/python" benches/compare.py --docs "$docs" --query-docs "$qdocs" \
  --runs "$runs" --work "$cache/work"
