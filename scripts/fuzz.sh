#!/usr/bin/env bash
# Fuzz every parser of crosscheck for a fixed number of executions and print, per target, how
# many executions ran and whether anything crashed.
#
#   scripts/fuzz.sh [RUNS]        # RUNS executions per target (default 200000)
#
# With cargo-fuzz and a nightly toolchain (`cargo install cargo-fuzz`, `rustup toolchain
# install nightly`), each libFuzzer target in fuzz/fuzz_targets/ runs RUNS executions from a
# seed corpus built here (fuzz/corpus/, not committed) out of the bundled articles, the claim
# files and the phrases of the unit tests; crash inputs land in fuzz/artifacts/TARGET/.
# Without them, the same invariants (fuzz/invariants.rs) run as the proptest properties of
# tests/properties.rs with PROPTEST_CASES=RUNS and a random seed (printed, so a failure can
# be replayed with PROPTEST_RNG_SEED=… cargo test --test properties).
#
# FUZZ_ENGINE=proptest forces the proptest fallback even where cargo-fuzz is installed.
#
# Exit status: 0 when no target found a problem, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."

runs="${1:-${FUZZ_RUNS:-200000}}"
targets=(normalize segment extract_quantity extract_year extract_date extract_all article claims)
export RUST_BACKTRACE=0

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo is not installed: install Rust with rustup first" >&2
  exit 2
fi

have_cargo_fuzz() {
  cargo +nightly fuzz --version >/dev/null 2>&1
}

# One seed file per line of input (the seed phrases file writes line breaks as \n and \r).
seed_lines() {
  local dir="$1" prefix="$2"
  local n=0
  while IFS= read -r line; do
    [ -z "${line//[[:space:]]/}" ] && continue
    n=$((n + 1))
    printf '%b%s' "$prefix" "$line" >"$dir/line-$n"
  done
}

# Seed corpora: bundled articles (whole for `article`, line by line for the text targets),
# every claim file, the edge-case phrases and the string literals of the unit tests.
build_seeds() {
  local phrases
  phrases="$(mktemp)"
  {
    sed -e 's/\\n/\n/g; s/\\r/\r/g' fuzz/seeds/phrases.txt
    grep -ohP '"(?:[^"\\]|\\.){2,}"' tests/extract.rs tests/normalize.rs src/segment.rs |
      sed -e 's/^"//; s/"$//'
    cat corpus/*.txt tests/data/english/corpus/*.md
  } >"$phrases"
  for target in "${targets[@]}"; do
    local dir="fuzz/corpus/$target"
    mkdir -p "$dir"
    case "$target" in
      article)
        find corpus tests/data/corpus tests/data/english/corpus -type f \
          \( -name '*.txt' -o -name '*.md' -o -name '*.TXT' \) -print0 |
          while IFS= read -r -d '' file; do
            cp "$file" "$dir/seed-$(basename "$file")"
          done
        ;;
      claims)
        find claims tests/data -type f \( -name '*.yaml' -o -name '*.yml' \) -print0 |
          while IFS= read -r -d '' file; do
            cp "$file" "$dir/seed-$(echo "$file" | tr '/' '_')"
          done
        ;;
      extract_*)
        # The first eight bytes of an extract input choose two ranges of the text.
        seed_lines "$dir" '\x00\x00\x00\x00\xff\xff\x00\x00' <"$phrases"
        ;;
      *)
        seed_lines "$dir" '' <"$phrases"
        ;;
    esac
  done
  rm -f "$phrases"
}

failed=0
if [ "${FUZZ_ENGINE:-}" != proptest ] && have_cargo_fuzz; then
  echo "fuzz: cargo-fuzz with $(rustc +nightly --version), $runs executions per target"
  build_seeds
  (cd fuzz && cargo +nightly fuzz build -O >/dev/null 2>&1) || {
    echo "fuzz: cannot build the fuzz targets; run: cd fuzz && cargo +nightly fuzz build -O" >&2
    exit 2
  }
  for target in "${targets[@]}"; do
    log="fuzz/artifacts/$target.log"
    mkdir -p "fuzz/artifacts/$target"
    before=$(find "fuzz/artifacts/$target" -type f | wc -l)
    start=$(date +%s)
    (cd fuzz && cargo +nightly fuzz run -O "$target" "corpus/$target" -- \
      -runs="$runs" -timeout=10 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1) \
      >"$log" 2>&1
    status=$?
    elapsed=$(($(date +%s) - start))
    done_line=$(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1)
    executions=$(echo "$done_line" | grep -oE '[0-9]+' | head -1)
    if [ -z "$executions" ]; then
      executions=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
    fi
    after=$(find "fuzz/artifacts/$target" -type f | wc -l)
    crashes=$((after - before))
    if [ "$status" -ne 0 ] || [ "$crashes" -gt 0 ]; then
      failed=1
      echo "fuzz $target: ${executions:-?} executions in ${elapsed} s: FAILED (exit $status, $crashes new input(s) in fuzz/artifacts/$target/; log $log)"
      grep -m3 -E 'panicked at|ERROR: libFuzzer|SUMMARY' "$log" | sed 's/^/    /'
    else
      corpus_size=$(find "fuzz/corpus/$target" -type f | wc -l)
      echo "fuzz $target: ${executions:-?} executions in ${elapsed} s: ok (corpus $corpus_size inputs)"
    fi
  done
else
  cases="$runs"
  seed="${PROPTEST_RNG_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}"
  echo "fuzz: proptest properties on stable (no cargo-fuzz/nightly, or FUZZ_ENGINE=proptest), $cases cases each, seed $seed"
  log="$(mktemp)"
  PROPTEST_CASES="$cases" PROPTEST_RNG_SEED="$seed" \
    cargo test --release --test properties -- --nocapture --test-threads=1 >"$log" 2>&1
  status=$?
  grep -oE 'property [a-z_]+: .*|minimal failing input.*' "$log" | sed 's/^property /fuzz /'
  [ "$status" -ne 0 ] && failed=1
  rm -f "$log"
fi

if [ "$failed" -ne 0 ]; then
  echo "fuzz: problems found; turn each into a regression test in tests/ (see tests/bad_input.rs)"
  exit 1
fi
echo "fuzz: no crash, every invariant held"
