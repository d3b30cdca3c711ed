# The two entry points in the README: `make serve` and `make test`. Both set up first.
PY ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup serve test test-fast browser-deps eval bench clean

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PY) >/dev/null || { echo "need $(PY) (Python 3.11)"; exit 1; }
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

browser-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto sans cjk"; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) \
	  || echo "warning: could not install chromium/fonts-noto-cjk; browser tests will be skipped"; fi

serve: setup
	$(BIN)/policyqa serve --host $${HOST:-127.0.0.1} --port $${PORT:-7860}

test: setup browser-deps
	$(BIN)/python -m pytest -q

test-fast: setup
	$(BIN)/python -m pytest -q -m "not slow"

eval: setup
	$(BIN)/policyqa ingest ../shared/corpus ../shared/corpus-national --store store-eval
	$(BIN)/policyqa eval --store store-eval --dataset ../shared/eval/dev.jsonl --baseline --report eval.html

bench: setup
	$(BIN)/policyqa bench --out bench.json

clean:
	rm -rf $(VENV) store store-eval .pytest_cache
