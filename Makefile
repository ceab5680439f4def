# ChatHEP: two commands for a fresh machine (see README):
#   make demo   install everything, then answer the demo request with a data/MC plot
#   make test   install everything, then run the test suite
#   make hbb    the H->bb plot with statistics: generate the hbb preset (100 pb^-1, filtered and
#               skimmed; its own data directory) and answer the headline request on it
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
# torch must be the CPU build. On this project's machines `pip install torch==2.13.0` takes the
# CPU wheel on disk; elsewhere use: make demo TORCH_INDEX=https://download.pytorch.org/whl/cpu
TORCH_VERSION ?= 2.13.0
TORCH_INDEX   ?=
EXTRAS ?= models,gemma,test,jupyter,dask
# llama-cpp-python has no wheel: it is compiled once into WHEELHOUSE and installed from there. Not
# for the build machine's own CPU (llama.cpp's default, GGML_NATIVE): on CPUs with AMX that turns on
# llama.cpp's AMX kernels, which crash the model's first decode with a segmentation fault (seen on
# this project's machines in session 24; ggml-org/llama.cpp#20824). On x86-64 the build is for
# AVX2/FMA/F16C, which runs on any x86-64 CPU of the last decade; elsewhere for the CPU at hand.
LLAMA_CPP_VERSION ?= 0.3.36
ifeq ($(shell uname -m),x86_64)
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
else
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=ON
endif
WHEELHOUSE ?= $(HOME)/.cache/chathep/wheels/llama-$(subst =,-,$(subst -DGGML_,,$(subst $() ,_,$(strip $(LLAMA_CMAKE_ARGS)))))
DEMO_REQUEST ?= data/MC comparison of the dimuon mass, opposite-sign muons above 25 GeV, with the 2018 corrections
# The second part of the demo: Pythia 8 samples generated once (cached in the data directory,
# sim13/) and answered at realistic statistics (README, "Set-up"). The processes of dilepton
# selections only: without W+jets (sigma 45 nb, which would set the pseudo-data luminosity
# L = events / largest sigma) L is events / sigma(DY) = 3.4 pb^-1: 1,504 selected pseudo-data
# Z -> mumu events (measured, README). Override both for other demos (DEMO_PROCESSES= for every process).
DEMO_EVENTS ?= 15000
DEMO_PROCESSES ?= DY DY_bb ttbar_dilep VV ZH
SIM_REQUEST ?= dimuon mass, opposite-sign muons above 25 GeV, data vs MC in sim13
HBB_REQUEST ?= Produce a data/MC comparison plot with latest theory/exp corrections for H->bb
PYTEST_ARGS ?=
# the suite runs in 2 processes (pytest-xdist), one test file per process at a time: most tests
# wait on a sandboxed subprocess, so 2 workers use both cores (TEST_WORKERS=0: one process). The
# browser test runs alone afterwards: it checks where the page scrolled after a fixed wait, which
# a second busy process delayed past the app's last re-scroll (seen in CI, session 13)
TEST_WORKERS ?= 2
# `make hbb`: the preset's samples live in their own data directory (the demo's sim13/ stays);
# HBB_BLIND=1 hides the pseudo-data in the m(bb) window 90-150 GeV
HBB_DATA_DIR ?= $(HOME)/.local/share/chathep/hbb
HBB_BLIND ?=
HBB_BLIND_WINDOW ?= 90,150
# the H->bb analysis of the preset (61 jet variations, stacked into one pass) runs within the
# sandbox's default limits (120 s wall, 300 s CPU): ~1 min. HBB_SANDBOX_TIMEOUT=... and
# HBB_SANDBOX_CPU_SECONDS=... raise them (e.g. for a preset generated with a larger --scale)
HBB_SANDBOX_TIMEOUT ?=
HBB_SANDBOX_CPU_SECONDS ?=

.PHONY: demo test install system-deps lint clean hbb

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet "torch==$(TORCH_VERSION)" $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	ls $(WHEELHOUSE)/llama_cpp_python-$(LLAMA_CPP_VERSION)-*.whl >/dev/null 2>&1 || \
	  CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PIP) wheel --quiet --no-cache-dir --no-deps \
	    -w $(WHEELHOUSE) "llama-cpp-python==$(LLAMA_CPP_VERSION)"
	$(PIP) install --quiet $(WHEELHOUSE)/llama_cpp_python-$(LLAMA_CPP_VERSION)-*.whl
	$(PIP) install --quiet -e ".[$(EXTRAS)]"
	touch $@

install: $(VENV)/.installed

# Debian packages for the sandbox (bubblewrap) and the browser test (chromium); needs root.
system-deps:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  missing=""; for p in bubblewrap chromium chromium-driver; do \
	    dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi; \
	else echo "system-deps: not root or no apt-get; the sandbox uses its other layers and the browser test skips."; fi

demo: install
	$(VENV)/bin/chathep data fetch
	$(VENV)/bin/chathep index
	$(VENV)/bin/chathep ask "$(DEMO_REQUEST)" --out chathep-output/demo
	@sim="$$($(PY) -c 'from chathep.data import data_dir; print(data_dir() / "sim13")')"; \
	if [ -f "$$sim/catalog.yaml" ]; then echo "Generated samples: $$sim (cached)"; \
	else $(VENV)/bin/chathep data generate --events $(DEMO_EVENTS) \
	  $(foreach p,$(DEMO_PROCESSES),--process $(p)); fi
	$(VENV)/bin/chathep ask "$(SIM_REQUEST)" --out chathep-output/demo-sim13-zmm
	$(VENV)/bin/chathep ask "$(HBB_REQUEST)" --out chathep-output/demo-sim13-hbb
	@echo "Plots:"; ls -1 chathep-output/demo/*.png chathep-output/demo-sim13-*/*.png

hbb: install
	CHATHEP_DATA_DIR=$(HBB_DATA_DIR) $(VENV)/bin/chathep data fetch
	@if [ -f "$(HBB_DATA_DIR)/sim13/catalog.yaml" ]; then echo "hbb samples: $(HBB_DATA_DIR)/sim13 (cached)"; \
	else CHATHEP_DATA_DIR=$(HBB_DATA_DIR) $(VENV)/bin/chathep data generate --preset hbb; fi
	CHATHEP_DATA_DIR=$(HBB_DATA_DIR) \
	  $(if $(HBB_SANDBOX_TIMEOUT),CHATHEP_SANDBOX_TIMEOUT=$(HBB_SANDBOX_TIMEOUT)) \
	  $(if $(HBB_SANDBOX_CPU_SECONDS),CHATHEP_SANDBOX_CPU_SECONDS=$(HBB_SANDBOX_CPU_SECONDS)) \
	  $(VENV)/bin/chathep ask "$(HBB_REQUEST)" \
	  $(if $(HBB_BLIND),--blind $(HBB_BLIND_WINDOW)) --out chathep-output/hbb
	@ls -1 chathep-output/hbb/*.png

test: install system-deps
	$(VENV)/bin/chathep data fetch
	$(VENV)/bin/chathep index
	$(VENV)/bin/python -m pytest -q -ra -n $(TEST_WORKERS) --dist loadfile -m "not browser" $(PYTEST_ARGS)
	$(VENV)/bin/python -m pytest -q -ra -m browser $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check chathep tests tools benchmarks app.py
	$(VENV)/bin/ruff format --check chathep tests tools benchmarks app.py

clean:
	rm -rf $(VENV) chathep-output .pytest_cache
