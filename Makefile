# Bootstrap only: create .venv from requirements.txt when it is missing or older
# than that file, then hand over to the tasks in tasks.py. A bare Debian or Ubuntu
# lacks two packages for that: python3-venv (to make .venv) and libfribidi0 (Pillow's
# text layout, for the social cards); as root with apt-get they are installed here,
# otherwise each is named with its install command.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: serve test build preview clean new-post debian-packages

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
	@missing=; \
	  $(VENV)/bin/python -c '' 2>/dev/null || $(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || missing=python3-venv; \
	  $(PYTHON) -c 'import ctypes.util as u, sys; sys.exit(not u.find_library("fribidi"))' || missing="$$missing libfribidi0"; \
	  $(MAKE) --no-print-directory debian-packages PACKAGES="$$missing"
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

# The Debian packages the bootstrap lacks: apt-get them as root, otherwise one line each.
WHY_python3-venv := python3 cannot make .venv without it
WHY_libfribidi0 := Pillow lays out the social cards' text with it
debian-packages:
	@if [ -z "$(strip $(PACKAGES))" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(PACKAGES); \
	else $(foreach p,$(PACKAGES),echo "$(p) is missing ($(WHY_$(p))): sudo apt-get install $(p)";) exit 1; fi
