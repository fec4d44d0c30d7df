# Bootstrap only: create .venv from requirements.txt when it is missing or older
# than that file, then hand over to the tasks in tasks.py. Debian's python3 cannot
# make a venv without python3-venv: installed here as root with apt-get, else named.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: serve test build preview clean new-post

PORT ?= 8000

serve: $(STAMP)
	@$(VENV)/bin/invoke serve --port $(PORT)

test: $(STAMP)
	$(VENV)/bin/invoke test

build: $(STAMP)
	$(VENV)/bin/invoke build

preview: $(STAMP)
	$(VENV)/bin/invoke preview

new-post: $(STAMP)
	@test -n "$(TITLE)" || { echo 'Give a title: make new-post TITLE="Checking your feet every day"'; exit 1; }
	$(VENV)/bin/invoke new-post "$(TITLE)"

clean: $(STAMP)
	$(VENV)/bin/invoke clean

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed; found: $$($(PYTHON) --version 2>&1)"; exit 1; }
	@test -x $(VENV)/bin/python || $(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-venv; \
	  else echo "$(PYTHON) cannot make .venv without Debian's python3-venv: sudo apt-get install python3-venv"; exit 1; fi
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)
