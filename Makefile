# The two entry points in the README: `make serve` and `make test`. Both set up first.
PY ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup serve test test-fast browser-deps store-eval eval train bench clean
SETS := ../shared/eval
HELD := docs/validation
# Tuning: the shared training sets and the question sets written for tuning (their failures were read).
TUNING := --dataset $(SETS)/train-n.jsonl --dataset $(SETS)/train-d.jsonl \
	--dataset $(HELD)/holdout-n.jsonl --dataset $(HELD)/holdout-d.jsonl \
	--dataset $(HELD)/fresh-n.jsonl --dataset $(HELD)/fresh-d.jsonl \
	--dataset $(HELD)/fresh2-n.jsonl --dataset $(HELD)/fresh2-d.jsonl \
	--dataset $(HELD)/fresh3-n.jsonl --dataset $(HELD)/fresh3-d.jsonl \
	--dataset $(HELD)/fresh4-n.jsonl --dataset $(HELD)/fresh4-d.jsonl \
	--dataset $(HELD)/fresh5-n.jsonl --dataset $(HELD)/fresh5-d.jsonl \
	--dataset $(HELD)/fresh6-n.jsonl --dataset $(HELD)/fresh6-d.jsonl \
	--dataset $(HELD)/fresh7-n.jsonl --dataset $(HELD)/fresh7-d.jsonl \
	--dataset $(HELD)/fresh8-n.jsonl --dataset $(HELD)/fresh8-d.jsonl \
	--dataset $(HELD)/fresh9-n.jsonl --dataset $(HELD)/fresh9-d.jsonl \
	--dataset $(HELD)/fresh10-n.jsonl --dataset $(HELD)/fresh10-d.jsonl \
	--dataset $(HELD)/fresh11-n.jsonl --dataset $(HELD)/fresh11-d.jsonl \
	--dataset $(HELD)/fresh12-n.jsonl --dataset $(HELD)/fresh12-d.jsonl \
	--dataset $(HELD)/fresh13-n.jsonl --dataset $(HELD)/fresh13-d.jsonl \
	--dataset $(HELD)/fresh14-n.jsonl --dataset $(HELD)/fresh14-d.jsonl \
	--dataset $(HELD)/tune16-n.jsonl --dataset $(HELD)/tune16-d.jsonl
# Validation: sets no fitting and no rule ever saw the failures of (fresh15: written by someone who never read the code).
VALIDATION := --dataset $(SETS)/dev.jsonl --dataset $(HELD)/fresh15-n.jsonl --dataset $(HELD)/fresh15-d.jsonl

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

store-eval: setup
	$(BIN)/policyqa ingest ../shared/corpus ../shared/corpus-national ../shared/corpus-dev --store store-eval

# Refit the answer-sentence scorer on the tuning sets (writes assistant/answering/data/scorer.json).
train: store-eval
	$(BIN)/policyqa train --store store-eval $(TUNING) $(subst --dataset,--validate,$(VALIDATION))

# Every figure on the tuning sets and on the validation sets the scorer never saw, beside the LangChain baseline.
eval: store-eval
	$(BIN)/policyqa eval --store store-eval $(TUNING) $(VALIDATION) --baseline --report eval.html --out eval.json

bench: setup
	$(BIN)/policyqa bench --out bench.json

clean:
	rm -rf $(VENV) store store-eval .pytest_cache
