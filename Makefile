# The two commands of the README: `make demo` (the main job on the embedded
# sample corpus) and `make test` (the test suite). Both install missing
# system packages first (.ci/setup). Everything builds in the release
# profile so RocksDB is compiled once (about 15-30 minutes on 2 cores).
CARGO ?= cargo

.PHONY: setup demo test lint score
setup:
	@bash .ci/setup

demo: setup
	$(CARGO) run --release -- demo

test: setup
	@bash .ci/setup-oxigraph
	$(CARGO) test --release

lint: setup
	$(CARGO) fmt --check
	$(CARGO) clippy --release --all-targets -- -D warnings

# dev-set figures (needs ../shared)
score:
	@bash .ci/score
