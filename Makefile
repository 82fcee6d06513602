# Two commands on a fresh machine: `make serve` and `make test`.
# Both create .venv if there is none and install the project into it.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
STAMP  := $(VENV)/.installed
NPM    ?= npm
NODE_STAMP := node_modules/.installed
STATIC := src/nrgraph/web/static
YASGUI := $(STATIC)/yasgui/yasgui.min.js
CYTOSCAPE := $(STATIC)/cytoscape/cytoscape.min.js
GRAPHIQL := $(STATIC)/graphiql/graphiql.min.js

.PHONY: serve test install lint clean assets browser engines

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Browser assets come from the npm registry (package.json, package-lock.json) and are served
# by the app itself from src/nrgraph/web/static/ (build output, not in git); never from a CDN.
$(NODE_STAMP): package.json package-lock.json
	$(NPM) ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

$(YASGUI): $(NODE_STAMP)
	mkdir -p $(STATIC)/yasgui
	cp node_modules/@zazuko/yasgui/build/yasgui.min.js node_modules/@zazuko/yasgui/build/yasgui.min.css $(STATIC)/yasgui/

$(CYTOSCAPE): $(NODE_STAMP)
	mkdir -p $(STATIC)/cytoscape
	cp node_modules/cytoscape/dist/cytoscape.min.js $(STATIC)/cytoscape/

# GraphiQL's UMD build needs React 18's UMD builds (React 19 has none); the explorer plugin's
# UMD build reads React and GraphiQL from the page's globals.
$(GRAPHIQL): $(NODE_STAMP)
	mkdir -p $(STATIC)/graphiql
	cp node_modules/react/umd/react.production.min.js node_modules/react-dom/umd/react-dom.production.min.js \
	  node_modules/graphiql/graphiql.min.js node_modules/graphiql/graphiql.min.css $(STATIC)/graphiql/
	cp node_modules/@graphiql/plugin-explorer/dist/index.umd.js $(STATIC)/graphiql/plugin-explorer.umd.js
	cp node_modules/@graphiql/plugin-explorer/dist/style.css $(STATIC)/graphiql/plugin-explorer.css

assets: $(YASGUI) $(CYTOSCAPE) $(GRAPHIQL)

# Headless Chromium for the browser tests: Debian's package, driven by Playwright (never `playwright install`).
browser:
	test -x /usr/bin/chromium || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

serve: $(STAMP) assets
	$(BIN)/nrgraph serve --host $(HOST) --port $(PORT)

# The one test command (CI runs it): the linters and the import contract first (seconds), then
# the tests and the doctests of src/ (pyproject's testpaths).
test: $(STAMP) assets browser engines lint
	$(BIN)/python -m pytest

# Virtuoso, the second SPARQL engine the store tests run on, where Debian's apt can install it;
# without it those tests are skipped (with the reason), the Oxigraph server ones still run.
engines:
	@command -v virtuoso-t >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && apt-get update -qq >/dev/null 2>&1 \
	  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null 2>&1; } \
	  || echo "Virtuoso is not installed: the store tests against it will be skipped"

lint: $(STAMP)
	$(BIN)/ruff check src tests bench tools
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis node_modules $(STATIC)/yasgui $(STATIC)/cytoscape $(STATIC)/graphiql
