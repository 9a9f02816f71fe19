# spiral - the two commands of the README, and a few more.
#   make demo    install missing Debian packages, build, run the reference scenario
#   make test    build (warnings as errors) and run the test suite, then again
#                under AddressSanitizer + UBSan
#   make bench   benchmarks (bench/)
#   make install install to PREFIX (default /usr/local)
#   make clean   remove build trees
# SPDX-License-Identifier: GPL-3.0-or-later

PREFIX ?= /usr/local
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
BUILD  := build
ASAN   := build-asan
SCENARIO := scenarios/northeast-asia-2024.yaml

.PHONY: all deps build demo test test-release test-asan bench install clean

all: build

deps:
	@sh scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DSPIRAL_WERROR=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@sh scripts/demo.sh $(BUILD)/spiral $(SCENARIO)

test: test-release test-asan

test-release: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: deps
	@cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DSPIRAL_WERROR=ON -DSPIRAL_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN) -j $(JOBS)
	@cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

bench: build
	@sh bench/run.sh $(BUILD)

install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) $(ASAN)
