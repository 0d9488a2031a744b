# The LSTM book. `make book` builds the HTML book; `make test` runs every test.
# Both create .venv and install the pinned dependencies first (once; later runs reuse it).

PYTHON ?= python3.11
OFFLINE := scripts/offline.sh
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Executed notebooks store every redraw of a progress bar: draw bars once, finished.
export LSTMBOOK_PROGRESS := final
# The book's models are small: one thread per process is faster than several competing for
# two cores (the tests run two notebooks at a time). `make bench` sets its own thread count.
export OMP_NUM_THREADS ?= 1
export OPENBLAS_NUM_THREADS ?= 1
export MKL_NUM_THREADS ?= 1
HTML   := _build/html
CACHE  := _build/.jupyter_cache

.DEFAULT_GOAL := help
.PHONY: help setup book test lint unit nbval build-strict html-test browser-test pdf pdf-test \
        lab bench student assignments grade sync-colab constraints clean distclean

help:
	@echo "make book   - set up .venv and build the HTML book (every chapter executed)"
	@echo "make test   - set up .venv and run all tests (unit, nbval, strict build, HTML checks)"
	@echo "make pdf    - the whole book as one PDF, _build/pdf/lstm-book.pdf (from the HTML book)"
	@echo "make lab    - JupyterLab on the chapters"
	@echo "make bench  - speed of the NumPy and PyTorch implementations against nn.LSTM"
	@echo "make student - student versions of the chapters (solutions replaced by scaffolds)"
	@echo "make assignments [SEED=n] - the graded assignments, source and student release"
	@echo "make grade SUBMISSIONS=DIR [SEED=n] - grade submitted notebooks: _build/grades/"
	@echo "make clean  - remove the built book; make distclean also removes .venv"

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-c constraints.txt -e ".[book,test,lab,grade]"
	@touch $@

# Every chapter is executed: the cache of earlier runs is emptied first.
book: $(STAMP)
	rm -rf $(CACHE)
	$(BIN)/jupyter-book build . --all
	@echo "The book is at: $(CURDIR)/$(HTML)/index.html"

# Everything after the install runs without network (scripts/offline.sh), to prove the book
# needs none.
test: lint unit nbval build-strict html-test browser-test

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit: $(STAMP)
	$(OFFLINE) $(BIN)/pytest lstmbook tests --doctest-modules --ignore=tests/html \
		--ignore=tests/browser --ignore=tests/pdf \
		-q -n 2 --dist loadfile

# nbval executes every chapter and stores each one that passes in the book's jupyter-cache
# (chapters/conftest.py); build-strict then renders those runs, so that a chapter runs once per
# `make test`. A chapter nbval could not store is executed by the build. The chapters run one at
# a time, so that the times on the execution statistics page are each chapter's own on the
# machine (two at a time, they slowed each other by up to a fifth).
nbval: $(STAMP)
	rm -rf $(CACHE)
	LSTMBOOK_NBVAL_CACHE=$(CURDIR)/$(CACHE) $(OFFLINE) $(BIN)/pytest chapters --nbval-lax \
		--nbval-current-env -q

build-strict: nbval
	@rm -f _build/offline.txt
	$(OFFLINE) --record _build/offline.txt $(BIN)/jupyter-book build . --all -W -n --keep-going

html-test: $(STAMP)
	$(OFFLINE) $(BIN)/pytest tests/html -q

browser-test: $(STAMP)
	$(OFFLINE) $(BIN)/pytest tests/browser -q

# The PDF is printed from the built HTML book (nothing is executed again): build it first when
# there is none. Headless Chromium prints it (scripts/make_pdf.py); tests/pdf then checks it.
pdf: $(STAMP)
	@test -f $(HTML)/index.html || $(MAKE) book
	$(OFFLINE) $(BIN)/python scripts/make_pdf.py
	$(MAKE) pdf-test

pdf-test: $(STAMP)
	$(OFFLINE) $(BIN)/pytest tests/pdf -q

lab: $(STAMP)
	$(BIN)/jupyter lab chapters/

bench: $(STAMP)
	OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 MKL_NUM_THREADS=2 $(BIN)/python scripts/bench.py

student: $(STAMP)
	$(BIN)/python scripts/make_student.py --out _build/student
	@echo "Student notebooks are in $(CURDIR)/_build/student/chapters"

# Graded coursework (grading/assignments.py, scripts/coursework.py). SEED picks the variant: give
# students a seed other than 0 (the book's HTML shows the answers of seed 0), and grade with it.
SEED    ?= 0
TIMEOUT ?= 30
assignments: $(STAMP)
	$(BIN)/python scripts/coursework.py assignments --seed $(SEED) --out _build/coursework
	@echo "Hand out $(CURDIR)/_build/coursework/release/*.ipynb (source/: with solutions)"

grade: $(STAMP)
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=DIR [SEED=n]"; exit 2; }
	$(BIN)/python scripts/coursework.py grade "$(SUBMISSIONS)" --seed $(SEED) \
		--timeout $(TIMEOUT) --out _build/grades

sync-colab: $(STAMP)
	$(BIN)/python scripts/colab_cell.py

constraints: $(STAMP)
	@{ echo "# Exact versions of everything the book installs (pip install -c constraints.txt ...)."; \
	   echo "# Regenerate with: make constraints"; \
	   $(BIN)/pip freeze --exclude-editable | grep -v '^lstmbook' | sed 's/^torch==\(.*\)+cpu/torch==\1/'; \
	} > constraints.tmp && mv constraints.tmp constraints.txt

clean:
	rm -rf _build

distclean: clean
	rm -rf $(VENV)
