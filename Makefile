# Every workflow of the project. `make help` lists the targets.
# Targets create .venv themselves, so a fresh clone needs no manual step.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-stamp
SPEC := openapi/qualified-numbers.yaml
GEN_CONFIG := openapi/generator-config.yaml
# The spec's server variable `version` -> generated/.../api_versions.py (the generator skips `servers`).
API_VERSIONS := openapi/api_versions.py
# Templates that override the generator's own (faster enum parsing; see openapi/templates/README.md).
GEN_TEMPLATES := openapi/templates
# The generator runs ruff as a post hook and silently skips it when ruff is not on PATH:
# put the venv's bin first so the pinned ruff always formats the output.
GEN_ENV := PATH="$(BIN):$$PATH"
HOST ?= 127.0.0.1
PORT ?= 8765
LINT_DIRS := $(wildcard wrapper sandbox contract_tests bench examples tools)
EXAMPLE := examples/number_onboarding

.PHONY: help install generate check-generated lint docs docs-serve test example-test contract-test contract-test-mock contract-test-deep record bench soak sandbox demo browser-deps screenshots lock clean

help: ## List the targets
	@if [ -t 1 ] && [ -z "$${NO_COLOR:-}" ]; then on=$$'\033[36m'; off=$$'\033[0m'; else on=; off=; fi; \
	grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
	awk -v on="$$on" -v off="$$off" 'BEGIN {FS = ":.*?## "}; {printf "  %s%-18s%s %s\n", on, $$1, off, $$2}'

$(STAMP): pyproject.toml requirements/dev.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

install: $(STAMP) ## Create .venv and install the project with dev extras (fast when nothing changed)

UNASYNC := wrapper/unasync.py
SYNC_DIR := wrapper/sinch_qualified_numbers/_sync

generate: $(STAMP) ## Regenerate generated/ from the spec, the blocking client from _async/, the public names' table
	$(PY) $(UNASYNC)
	$(PY) tools/public_names.py
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(GEN_ENV) $(BIN)/openapi-python-client generate --path $(SPEC) --config $(GEN_CONFIG) \
		--custom-template-path $(GEN_TEMPLATES) --meta uv --output-path "$$tmp/generated" --fail-on-warning; \
	$(PY) $(API_VERSIONS) $(SPEC) "$$tmp/generated/sinch_qualified_numbers_api"; \
	rm -rf "$$tmp/generated/.ruff_cache"; \
	rm -rf generated && cp -R "$$tmp/generated" generated

check-generated: $(STAMP) ## Regenerate both into a temporary folder and fail on any difference
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(GEN_ENV) $(BIN)/openapi-python-client generate --path $(SPEC) --config $(GEN_CONFIG) \
		--custom-template-path $(GEN_TEMPLATES) --meta uv --output-path "$$tmp/generated" --fail-on-warning >/dev/null; \
	$(PY) $(API_VERSIONS) $(SPEC) "$$tmp/generated/sinch_qualified_numbers_api"; \
	rm -rf "$$tmp/generated/.ruff_cache"; \
	if diff -r generated "$$tmp/generated"; then echo "generated/ is up to date"; \
	else echo "generated/ differs from what $(SPEC) generates: run 'make generate'" >&2; exit 1; fi; \
	$(PY) $(UNASYNC) "$$tmp/sync"; \
	if diff -r -x __pycache__ $(SYNC_DIR) "$$tmp/sync"; then echo "$(SYNC_DIR) is up to date"; \
	else echo "$(SYNC_DIR) differs from what _async/ generates: run 'make generate'" >&2; exit 1; fi; \
	$(PY) tools/public_names.py --check

lint: $(STAMP) ## ruff, mypy --strict on wrapper/, spec validation
	$(BIN)/openapi-spec-validator $(SPEC)
	$(BIN)/ruff check $(LINT_DIRS)
	$(BIN)/ruff format --check $(LINT_DIRS)
	$(BIN)/mypy

# Material prints an advert for its successor on every build; the site is built offline.
DOCS_ENV := NO_MKDOCS_2_WARNING=1
docs: $(STAMP) ## Build the documentation site into site/ (--strict: a broken link or reference fails)
	$(DOCS_ENV) $(BIN)/mkdocs build --strict --site-dir site

DOCS_PORT ?= 8000
docs-serve: $(STAMP) ## Serve the documentation on 127.0.0.1:8000 (DOCS_PORT=), rebuilt on change
	$(DOCS_ENV) $(BIN)/mkdocs serve --strict --dev-addr $(HOST):$(DOCS_PORT)

# Two workers, each test file on one (its module-scoped sandbox is started once): about
# 9 minutes on 2 cores (4,400 tests). `pytest` alone still runs the same suite serially.
test: browser-deps check-generated spec-diff lint docs contract-test contract-test-mock example-test ## The whole suite (README's test command)
	$(BIN)/pytest -n 2 --dist loadfile

# The example's suite proves the pytest plugin the way users get it: from the built wheel with
# the [sandbox] extra, in a virtualenv that has nothing of this clone (pins from dev.lock).
example-test: $(STAMP) ## The example app's tests from the built wheel[sandbox] in a fresh virtualenv, plainly and with -n 2
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(PY) -m pip wheel --quiet --disable-pip-version-check --no-deps -w "$$tmp/dist" . ; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	wheel=$$(ls "$$tmp"/dist/sinch_qualified_numbers-*.whl); \
	"$$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
		--constraint requirements/dev.lock "$$wheel[sandbox]" pytest pytest-xdist; \
	cd $(EXAMPLE); \
	"$$tmp/venv/bin/python" -m pytest -q -p no:cacheprovider; \
	"$$tmp/venv/bin/python" -m pytest -q -p no:cacheprovider -n 2

TARGET_URL ?=
TARGET_KIND ?=
BASE_PATH ?=
OPERATIONS ?=
CONTRACT_ARGS = $(if $(TARGET_KIND),--target-kind $(TARGET_KIND)) \
	$(if $(BASE_PATH),--base-path $(BASE_PATH)) $(foreach op,$(OPERATIONS),--operation $(op))
# The URL goes through the environment, not the command line that make echoes: it may carry
# credentials (https://user:password@host).
contract-test: export CONTRACT_TARGET_URL := $(or $(TARGET_URL),$(CONTRACT_TARGET_URL))
contract-test: $(STAMP) ## schemathesis conformance (sandbox in-process, or TARGET_URL= TARGET_KIND=mock|live); verdict, tables, JUnit XML
	$(PY) -m contract_tests.conformance.run $(CONTRACT_ARGS)

# Stoplight Prism, pinned by prism/package-lock.json, installed by `npm ci` into a gitignored
# cache folder (again only when the lock changes). --ignore-scripts: no install script runs.
PRISM_PINS := contract_tests/conformance/prism
PRISM_DIR := .cache/prism
PRISM := $(PRISM_DIR)/node_modules/.bin/prism
$(PRISM): $(PRISM_PINS)/package.json $(PRISM_PINS)/package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: contract-test-mock installs Prism with it (Node.js 18.20+)" >&2; exit 1; }
	mkdir -p $(PRISM_DIR)
	cp $(PRISM_PINS)/package.json $(PRISM_PINS)/package-lock.json $(PRISM_DIR)/
	SCARF_ANALYTICS=false npm ci --prefix $(PRISM_DIR) --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

contract-test-mock: $(STAMP) $(PRISM) ## The contract run against Stoplight Prism (pinned, from npm) serving openapi/ as a mock
	$(PY) -m contract_tests.conformance.run --target-kind mock --prism $(PRISM) \
		--report-dir reports/contract-mock --max-examples $${CONTRACT_MOCK_EXAMPLES:-5}

contract-test-deep: $(STAMP) ## The same with many more examples, and the fuzzers at 5,000 examples each
	$(PY) -m contract_tests.conformance.run --deep $(CONTRACT_ARGS)
	FUZZ_EXAMPLES=5000 $(BIN)/pytest -q contract_tests/sandbox/test_fuzz_http.py contract_tests/wrapper/test_fuzz_arguments.py \
		contract_tests/sandbox/test_callback_urls.py contract_tests/wrapper/test_fuzz_server.py

# The demo needs the CLI and the sandbox only, not the development toolchain: its own small
# virtualenv with the package's [cli] extra (pins from dev.lock), editable so that it runs this
# clone's code. On a fresh clone it is ready in a fraction of what .venv takes.
DEMO_VENV := .venv-demo
DEMO_STAMP := $(DEMO_VENV)/.installed-stamp
$(DEMO_STAMP): pyproject.toml requirements/dev.lock
	@test -x $(DEMO_VENV)/bin/python || $(PYTHON) -m venv $(DEMO_VENV)
	$(DEMO_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
		--constraint requirements/dev.lock -e '.[cli]'
	@touch $@

demo: $(DEMO_STAMP) ## The whole process end to end on the embedded sandbox (sinch-qn demo); installs the [cli] extra only
	$(DEMO_VENV)/bin/sinch-qn demo

bench: $(STAMP) ## Benchmarks side by side; writes bench/RESULTS.md
	$(PY) -m bench.run

soak: $(STAMP) ## 2 minutes of mixed operations from 8 threads and 8 tasks through faults
	$(PY) -m bench.soak --seconds 120

TARGET ?= sandbox
record: $(STAMP) ## Re-record the replay cassettes (TARGET=live: against Sinch, with SINCH_* set)
	CONTRACT_RECORD_TARGET=$(TARGET) $(BIN)/pytest contract_tests/replay --record-mode=rewrite -q

sandbox: $(STAMP) ## Serve the sandbox on 127.0.0.1:8765 (HOST=, PORT= to change)
	$(PY) -m sinch_qualified_numbers_sandbox --host $(HOST) --port $(PORT)

screenshots: $(STAMP) ## The console's browser test; refreshes docs/console-orders.png for the README
	$(BIN)/pytest -q contract_tests/browser
	cp contract_tests/screenshots/console-orders.png docs/console-orders.png

browser-deps: ## Debian's chromium and chromium-driver for the console's browser test (root)
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then \
		echo "chromium and chromedriver are installed"; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	else \
		echo "chromium/chromium-driver missing: run 'sudo make browser-deps' (the browser test fails without them)"; \
	fi

# When Sinch changes the spec (CONTRIBUTING.md): the tools of tools/, reading the spec and the code.
.PHONY: spec-diff scaffold spec-report
REF ?=
spec-diff: $(STAMP) ## Spec changes since REF (default: the newest release tag, else HEAD); breaking ones must be in CHANGELOG
	$(PY) -m tools.spec_diff $(if $(REF),--ref $(REF))

OP ?=
scaffold: $(STAMP) ## Stubs for a new operation (OP=operationId): wrapper method, sandbox handler, tables, failing test
	$(PY) -m tools.scaffold $(OP)

spec-report: $(STAMP) ## Request fields the wrapper never sets, response fields and enum values the sandbox never renders
	$(PY) -m tools.spec_report

lock: $(STAMP) ## Re-pin requirements/dev.lock from pyproject.toml
	$(PY) -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra cli --extra sandbox --python-version 3.11 --no-header -o requirements/dev.lock

clean: ## Remove the virtualenvs and caches
	rm -rf $(VENV) $(DEMO_VENV) .pytest_cache .mypy_cache .ruff_cache .cache
