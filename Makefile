# Two set-up commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench quality train clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The runtime install with the service, for `make run`.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[serve]"
	touch $@

# The install with the dev extras and the service, for tests, lint and benchmarks.
$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev,serve]"
	touch $@ $(VENV)/.installed

# The dev install plus the peers the benchmark times (alex comes from npm, into bench/.node/).
$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev,serve,bench]"
	touch $@ $(VENV)/.installed-dev $(VENV)/.installed

## Lint the bundled examples and print the findings (exit 1 from findings is expected here).
run: $(VENV)/.installed
	$(BIN)/replylint check examples/; status=$$?; [ $$status -le 1 ]

## Headless Chromium (Debian package) for the tests that render the audit report and drive the review page; when
## it cannot be installed (not root, no apt-get, offline), those tests are skipped and say why.
chromium:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null 2>&1; } || \
		echo "chromium could not be installed: the browser tests will be skipped"

## Run the whole test suite, on every core: pytest-xdist's workers take a test file each at a time, so the tests of a
## file share its fixtures as in one process (`.venv/bin/python -m pytest` alone runs it in one process).
test: $(VENV)/.installed-dev chromium
	$(BIN)/python -m pytest -n auto --dist loadfile

## Benchmark latency, throughput, cold start, service and memory against proselint and alex, and time per character
## from 1 KB to 1 MB on real and hostile replies (docs/performance.md).
## SERVICE_BASELINE=../other-checkout/src also times that checkout's service beside this one (bench/service.py).
bench: $(VENV)/.installed-bench
	$(BIN)/python bench/run.py
	$(BIN)/python bench/scaling.py
	$(BIN)/python bench/service.py $(if $(SERVICE_BASELINE),--baseline $(SERVICE_BASELINE))

## Measure the rules on the public data sets in ../shared/data and print the table of docs/quality.md.
quality: $(VENV)/.installed
	$(BIN)/python scripts/quality.py

## Train the complaint models of the customer-message classifier (docs/context.md), the next-step model of RL603 and
## the Russian blame and dismissal classifiers of RL205 and RL404 (docs/acts.md) on the tune data.
train: $(VENV)/.installed
	$(BIN)/python scripts/train_context.py
	$(BIN)/python scripts/train_context_ru.py
	$(BIN)/python scripts/train_next_step.py
	$(BIN)/python scripts/train_hostile.py

## Static checks: ruff and mypy.
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench scripts examples
	$(BIN)/ruff format --check src tests bench scripts examples
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
