# CARS e-Services — the two commands a newcomer needs are `make run` and
# `make test`. Each installs whatever is missing first (idempotently: work
# already done is skipped), so they work on a fresh Debian machine that has
# only rustup, node and apt.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# cargo-leptos finds wasm-bindgen and wasm-opt on PATH; wasm-opt comes from
# the npm package binaryen (Debian's is too old, and cargo-leptos's own
# download cannot work here).
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/end2end/node_modules/.bin:$(PATH)

CARGO_LEPTOS_VERSION := 0.3.10
# wasm-bindgen-cli must be exactly the wasm-bindgen that Cargo.lock pins.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/"/, "", $$3); print $$3 }' Cargo.lock)
# The tests build with what cargo-leptos sets for its debug build (the
# flag, and the output name that leptos_config reads at compile time), so
# `build-debug` reuses the test build's leptos, app and server instead of
# compiling them again.
LEPTOS_OUTPUT_NAME := $(shell awk -F'"' '/^\[\[workspace.metadata.leptos\]\]/ { m = 1 } m && /^name = / { print $$2; exit }' Cargo.toml)
TEST_ENV := RUSTFLAGS="--cfg erase_components" LEPTOS_OUTPUT_NAME=$(LEPTOS_OUTPUT_NAME)
# Lints as the code compiles: clippy-driver stands in for rustc on the
# workspace's own crates (what `cargo clippy` does, but making real
# binaries), so the build that makes the tests, the server or the WASM
# bundle also lints it, with warnings as errors. A separate `cargo clippy`
# compiled every dependency a second time (in check mode) for each half:
# about four minutes of `make test`. Dependencies are not linted.
LINTED := RUSTC_WORKSPACE_WRAPPER="$$(rustup which clippy-driver)" CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
# The browser suite gets its own port and database so it never meets `make run`.
E2E_ADDR := 127.0.0.1:3100
E2E_DIR := target/e2e
# The browser suite runs against a debug build: its server half is what
# test-rust has just compiled (the same flags), so only the WASM half is
# new, where a release build took ten minutes more on two cores. `make run`
# and `make bench` build for release.
E2E_BIN ?= target/debug/server
# Arguments for Playwright, to run part of the suite while working on it:
# `make test-e2e E2E_ONLY="public-pages -g 'repeat visit'"`.
E2E_ONLY ?=
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help run dev test test-phases test-rust test-e2e build-release bench deps tools lint \
        build-debug wasm-target rustfmt clippy cargo-leptos wasm-bindgen npm-deps chromium bench-tools clean-data

help:
	@echo "make run    build (release) and serve http://127.0.0.1:3000 in demo mode"
	@echo "make test   every test: unit, integration (real router, real SQLite), browser"
	@echo "make dev    cargo leptos watch in demo mode, with live reload"
	@echo "make bench  measure bundle size, throughput and memory into BENCHMARKS.md"

## ---- the two commands -------------------------------------------------

run: tools build-release
	./target/release/server --demo

# What `make test` does, in order; `.ci/run` runs the same list one phase at
# a time to time each.
TEST_PHASES := tools chromium test-rust build-debug test-e2e
test: $(TEST_PHASES)

test-phases:
	@echo $(TEST_PHASES)

## ---- building and testing ---------------------------------------------

dev: tools
	CARS_DEMO=true cargo leptos watch

# After each build the bundle is compressed once (server/src/assets.rs):
# brotli at its best level for what ships, a quick level for the tests.
build-release:
	cargo leptos build --release --split
	./target/release/server assets compress

build-debug:
	$(LINTED) cargo leptos build --split
	./target/debug/server assets compress --quality 5

# Formatting first: it takes a second and fails before a long build does.
# Then the tests, built linted (LINTED: clippy, as errors; the workspace's
# lints deny unwrap, expect and panic outside tests, see Cargo.toml and
# clippy.toml), and the benchmarks in server/examples, linted too (they run
# in `make bench`). The WASM half is linted by `build-debug`, which builds it.
# `--no-default-features`: the features cargo-leptos builds the server with.
test-rust:
	cargo fmt --all --check
	$(LINTED) $(TEST_ENV) cargo test --workspace --no-default-features --features ssr --lib --bins --tests
	$(LINTED) $(TEST_ENV) cargo build --workspace --no-default-features --features ssr --examples

# What `make test` checks, without building or testing: clippy on both halves.
lint:
	cargo clippy --workspace --all-targets --features ssr -- -D warnings
	cargo clippy -p app --no-default-features --features hydrate --target wasm32-unknown-unknown -- -D warnings

# Serves the debug build on its own port and fresh database in demo mode,
# runs Playwright against it in Debian's chromium, and always stops the server.
# The letter journey runs `server mail export` itself, so it is told the
# binary and the database (E2E_SERVER_BIN, E2E_DATABASE).
test-e2e:
	rm -rf $(E2E_DIR) && mkdir -p $(E2E_DIR)
	CARS_DEMO=true CARS_ADDR=$(E2E_ADDR) CARS_DATABASE=$(E2E_DIR)/cars.db RUST_LOG=warn \
		CARS_SESSION_IDLE_SECONDS=150 CARS_SESSION_WARNING_SECONDS=140 CARS_SIGN_INS_PER_MINUTE=600 \
		CARS_CODES_PER_RECIPIENT_PER_HOUR=1000 \
		$(abspath $(E2E_BIN)) > $(E2E_DIR)/server.log 2>&1 & echo $$! > $(E2E_DIR)/server.pid
	status=0; (cd end2end && BASE_URL=http://$(E2E_ADDR) E2E_SERVER_BIN=$(abspath $(E2E_BIN)) \
		E2E_DATABASE=$(CURDIR)/$(E2E_DIR)/cars.db npx playwright test $(E2E_ONLY)) || status=$$?; \
		kill $$(cat $(E2E_DIR)/server.pid) 2>/dev/null || true; \
		if [ $$status -ne 0 ]; then echo "--- server log (tail) ---"; tail -n 40 $(E2E_DIR)/server.log; \
			cat end2end/test-results/failures.txt 2>/dev/null || true; fi; \
		exit $$status

bench: tools bench-tools build-release
	cargo build --release -p server --example bare_axum --example signup_bench --example signin_bench --example attack_bench --example springboard_server
	scripts/bench.sh

clean-data:
	rm -rf data $(E2E_DIR)

## ---- installing what is missing ---------------------------------------

tools: wasm-target rustfmt clippy cargo-leptos wasm-bindgen npm-deps

wasm-target:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
		|| rustup target add wasm32-unknown-unknown

# rustup's default profile has it; a minimal profile does not.
rustfmt:
	@rustup component list --installed | grep -q '^rustfmt' \
		|| rustup component add rustfmt

clippy:
	@rustup component list --installed | grep -q '^clippy' \
		|| rustup component add clippy

# About 16 minutes on two cores, so only when the right version is absent.
cargo-leptos:
	@cargo leptos --version 2>/dev/null | grep -qF "$(CARGO_LEPTOS_VERSION)" \
		|| cargo install --locked cargo-leptos --version $(CARGO_LEPTOS_VERSION)

wasm-bindgen:
	@wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $(WASM_BINDGEN_VERSION)" \
		|| cargo install wasm-bindgen-cli --version =$(WASM_BINDGEN_VERSION)

npm-deps: end2end/node_modules/.package-lock.json

end2end/node_modules/.package-lock.json: end2end/package-lock.json end2end/package.json
	cd end2end && npm ci --no-audit --no-fund
	@touch $@

chromium:
	@command -v chromium >/dev/null \
		|| { $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends chromium; }

bench-tools:
	@command -v wrk >/dev/null && command -v brotli >/dev/null \
		|| { $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends wrk brotli; }
