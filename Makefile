# Two entry points for a fresh machine: `make run` and `make test`. Both install what is missing.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
APT_PACKAGES := tesseract-ocr tesseract-ocr-osd tesseract-ocr-fra tesseract-ocr-eng tesseract-ocr-deu \
	tesseract-ocr-spa tesseract-ocr-ita tesseract-ocr-por tesseract-ocr-pol tesseract-ocr-ron \
	tesseract-ocr-nld tesseract-ocr-ara tesseract-ocr-tur chromium fonts-dejavu-core
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTEST := $(VENV)/bin/pytest -p no:cacheprovider

.PHONY: install system-deps run test test-sqlite test-postgres lint clean

install: system-deps $(STAMP)

system-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages: $$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev]'
	@touch $(STAMP)

run: install
	PASSERELLE_ENV=$${PASSERELLE_ENV:-demo} $(VENV)/bin/passerelle run

test: install lint test-sqlite test-postgres

test-sqlite:
	$(PYTEST) -q

# The service suite again on PostgreSQL with a Redis broker (the servers on this machine).
test-postgres:
	PASSERELLE_TEST_DB=postgresql PASSERELLE_TEST_BROKER=redis $(PYTEST) -q tests/service -m "not browser"

lint:
	$(VENV)/bin/ruff check service ocr mt_models glossaries scripts tests
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) var
