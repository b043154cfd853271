#!/usr/bin/env bash
# Throughput and peak memory of the whole `crosscheck check`, side by side with `rg -F -f` and
# `ugrep -Z1 -f` on the same anchors, on generated corpora of two kinds, side by side:
#
#   sparse  each claim is stated in a small share of the articles (an archive);
#   dense   topic-dense: every article retells the same events (the bundled articles'
#           paragraphs shuffled and lightly respelled), the claims are the most frequent
#           phrases of those paragraphs, so nearly every article mentions nearly every claim
#           (a fact-checker's corpus).
#
#   scripts/bench.sh                      # 100 and 500 MB, 10/100/1000 claims, both kinds
#   SIZES="100" CLAIMS="10 100" MODES=dense scripts/bench.sh
#
# Environment:
#   MODES      corpus kinds: sparse, dense               (default "sparse dense")
#   SIZES      corpus sizes in MB                        (default "100 500")
#   CLAIMS     claim counts                              (default "10 100 1000")
#   REPEAT     timed runs per measurement, median kept   (default 3)
#   JOBS       --jobs for crosscheck; rg and ugrep get the same thread count (default: cores)
#   UGREP_MAX  seconds before a ugrep run is abandoned   (default 300)
#   UGREP_REPEAT  timed ugrep runs (it is slow)          (default 1)
#   BENCH_DIR  where generated data goes                 (default target/bench-data)
#   CLEAN=1    delete the generated corpora afterwards (they are large)
#   SUGGEST    1: also time `crosscheck suggest` once per size, empty claims folder (default 1)
#   SUGGEST_REPEAT  timed suggest runs, median kept (it is slow)   (default 1)
#
# Generated data is deterministic (fixed seeds) and never committed: it lives under
# target/. ripgrep and ugrep are installed from Debian packages when missing (apt-get, as
# root); a tool that is still missing is skipped. The page cache is warmed before timing, and
# grep-like tools count matches (-c) so they cannot stop at the first one.
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=${SIZES:-"100 500"}
MODES=${MODES:-"sparse dense"}
CLAIMS=${CLAIMS:-"10 100 1000"}
REPEAT=${REPEAT:-3}
JOBS=${JOBS:-$(nproc)}
UGREP_MAX=${UGREP_MAX:-300}
UGREP_REPEAT=${UGREP_REPEAT:-1}
BENCH_DIR=${BENCH_DIR:-target/bench-data}
mkdir -p "$BENCH_DIR"

for tool in rg ugrep; do
    if ! command -v "$tool" >/dev/null; then
        package=$([ "$tool" = rg ] && echo ripgrep || echo ugrep)
        echo "installing $package" >&2
        if [ "$(id -u)" = 0 ]; then
            (apt-get install -y -qq "$package" >/dev/null 2>&1 ||
                { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$package" >/dev/null 2>&1; }) ||
                echo "could not install $package; skipping $tool" >&2
        else
            echo "not root: cannot install $package; skipping $tool" >&2
        fi
    fi
done

cargo build --release --quiet --bin crosscheck --example generate
CROSSCHECK=target/release/crosscheck
GENERATE=target/release/examples/generate

# Reads every file of the corpus, so it is in the page cache (reclaim may evict cold pages
# between runs, so this runs before each timed run).
warm() { find "$corpus" -type f -print0 | xargs -0 cat >/dev/null; }

# Prints "<wall seconds> <max RSS KB>" of the command, median wall of $REPEAT runs (the RSS of
# that run). Output goes to a pipe into wc, so nothing can stop early.
measure() {
    local runs=()
    for _ in $(seq "$REPEAT"); do
        local log
        warm
        log=$(mktemp)
        /usr/bin/time -f "%e %M" -o "$log" "$@" | wc -c >/dev/null || true
        runs+=("$(tail -1 "$log")")
        rm -f "$log"
    done
    printf '%s\n' "${runs[@]}" | sort -n | sed -n "$(( (REPEAT + 1) / 2 ))p"
}

rate() { awk -v mb="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", mb / s; else print "-" }'; }
rate1() { awk -v mb="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.1f", mb / s; else print "-" }'; }
suggest_rows=()

results="$BENCH_DIR/results.md"
{
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo); jobs $JOBS; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "| corpus | kind | claims | crosscheck check s | MB/s | peak RSS MB | rg -F -f s | rg MB/s | ugrep -Z1 -f s | ugrep MB/s |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
} | tee "$results"

for size in $SIZES; do
  for mode in $MODES; do
    case "$mode" in
        sparse) prefix="" ;;
        dense) prefix="dense-" ;;
        *) echo "unknown kind of corpus \`$mode\` in MODES (use sparse, dense)" >&2; exit 2 ;;
    esac
    corpus="$BENCH_DIR/${prefix}corpus-$size"
    if [ ! -d "$corpus" ]; then
        "$GENERATE" "${prefix}corpus" "$corpus" "$size" 1 >&2
    fi
    megabytes=$(du -sb "$corpus" | awk '{printf "%.1f", $1 / 1e6}')
    for count in $CLAIMS; do
        claims="$BENCH_DIR/${prefix}claims-$count"
        anchors="$BENCH_DIR/${prefix}anchors-$count.txt"
        if [ "$mode" = dense ]; then
            "$GENERATE" dense-claims "$claims" "$count" "$anchors" >/dev/null
        else
            "$GENERATE" claims "$claims" "$count" "$anchors" 1 >/dev/null
        fi
        read -r cc_s cc_kb < <(measure "$CROSSCHECK" check --quiet --jobs "$JOBS" \
            --claims "$claims" --corpus "$corpus")
        rg_s="-"; ug_s="-"
        if command -v rg >/dev/null; then
            read -r rg_s _ < <(measure rg -c -F -j "$JOBS" -f "$anchors" "$corpus")
        fi
        if command -v ugrep >/dev/null; then
            read -r ug_s _ < <(REPEAT=$UGREP_REPEAT measure timeout "$UGREP_MAX" ugrep -r -c -Z1 -F -J "$JOBS" -f "$anchors" "$corpus")
            if awk -v s="$ug_s" -v m="$UGREP_MAX" 'BEGIN { exit !(s >= m - 1) }'; then
                ug_s=">$UGREP_MAX"
            fi
        fi
        ug_rate=$([[ "$ug_s" == ">"* || "$ug_s" == "-" ]] && echo "<$(rate "$megabytes" "$UGREP_MAX")" || rate "$megabytes" "$ug_s")
        [ "$ug_s" = "-" ] && ug_rate="-"
        rg_rate=$([ "$rg_s" = "-" ] && echo "-" || rate "$megabytes" "$rg_s")
        echo "| ${megabytes} MB | $mode | $count | $cc_s | $(rate "$megabytes" "$cc_s") | $((cc_kb / 1024)) | $rg_s | $rg_rate | $ug_s | $ug_rate |" | tee -a "$results"
    done
    if [ "${SUGGEST:-1}" = 1 ]; then
        empty="$BENCH_DIR/claims-empty"
        mkdir -p "$empty"
        read -r sg_s sg_kb < <(REPEAT=${SUGGEST_REPEAT:-1} measure "$CROSSCHECK" suggest --quiet \
            --jobs "$JOBS" --claims "$empty" --corpus "$corpus")
        suggest_rows+=("| ${megabytes} MB | $sg_s | $(rate1 "$megabytes" "$sg_s") | $((sg_kb / 1024)) |")
    fi
    if [ "${CLEAN:-0}" = 1 ]; then
        rm -rf "$corpus"
    fi
  done
done
if [ ${#suggest_rows[@]} -gt 0 ]; then
    {
        echo
        echo "| corpus | crosscheck suggest s | MB/s | peak RSS MB |"
        echo "|---|---|---|---|"
        printf '%s\n' "${suggest_rows[@]}"
    } | tee -a "$results"
fi
echo "results in $results" >&2
