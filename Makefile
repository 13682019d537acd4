# EOS Lab — the two commands a developer needs are `make serve` and `make test`.
# Each first runs scripts/setup.sh, which installs only what the machine lacks.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)

TRUNK := trunk
TRUNK_FLAGS := --skip-version-check
WASM := wasm32-unknown-unknown

.PHONY: serve test dist size bench bench-web setup-build setup-test

setup-build:
	scripts/setup.sh build

setup-test:
	scripts/setup.sh test

## serve: build and serve the lab on http://127.0.0.1:8080 with live reload
serve: setup-build
	$(TRUNK) serve $(TRUNK_FLAGS)

## test: formatting, clippy (native and wasm32), model tests, browser tests,
## the release build, and the end-to-end tests against that build
test: setup-test
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target $(WASM) --all-targets -- -D warnings
	cargo test
	CHROMEDRIVER=/usr/bin/chromedriver cargo test --target $(WASM)
	$(TRUNK) build --release --public-url ./ $(TRUNK_FLAGS)
	cd tests/e2e && node --test

## dist: the release build for hosting (works from any sub-folder)
dist: setup-build
	$(TRUNK) build --release --public-url ./ $(TRUNK_FLAGS)

## size: gzip size of the release bundle
size: dist
	scripts/bundle-size.sh

## bench: the model's benchmarks
bench:
	cargo bench

## bench-web: time to first render, edit-to-redraw and frame times in Chromium
bench-web: dist setup-test
	cd tests/e2e && node bench.mjs
