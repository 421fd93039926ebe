#!/usr/bin/env bash
# compare-squeak.sh — measures the Debian `squeak-vm` 4.10 interpreter (on the shared
# Scratch/Squeak 2.8 image) and stvm on the same expressions, `30 benchFib` and
# `100 benchmark`, alternating runs, and prints both medians and the ratio stvm/squeak.
#
# usage: scripts/compare-squeak.sh [--runs N] [--no-build]
#   --runs N     runs per VM and expression (default 7)
#   --no-build   do not run `cargo build --release --bin stvm` first
# environment:
#   STVM_SHARED  the shared folder holding images/ (default: ../../shared from this script)
#   STVM_BIN     the stvm binary (default: $CARGO_TARGET_DIR or target/, then release/stvm)
#
# Both sides time with the kernel's `Time millisecondsToRun: [...]`, so VM start-up is
# not measured. If stvm cannot run the expressions yet, the script says so and still
# prints the squeak-vm numbers. Installs squeak-vm with apt-get when it is missing.
set -euo pipefail

runs=7
build=1
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
        --runs=*) runs="${1#--runs=}"; shift ;;
        --no-build) build=0; shift ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "compare-squeak: unknown argument $1" >&2; exit 2 ;;
    esac
done
case "$runs" in ''|*[!0-9]*|0) echo "compare-squeak: --runs needs a positive number" >&2; exit 2 ;; esac

script_dir=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$script_dir/.." && pwd)
if [ -n "${STVM_SHARED:-}" ]; then
    images="$STVM_SHARED/images"
else
    images="$script_dir/../../shared/images"
fi
image_name=scratch-squeak28-v3-scriptable.image
if [ ! -f "$images/$image_name" ]; then
    echo "compare-squeak: $images/$image_name not found (set STVM_SHARED)" >&2
    exit 1
fi

expressions=("30 benchFib" "100 benchmark")
expected_results=("2692537" "1028")

# ---------------------------------------------------------------- squeak-vm
find_squeak_vm() {
    local candidate
    for candidate in /usr/lib/squeak/*/squeakvm; do
        if [ -x "$candidate" ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

install_squeak_vm() {
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "compare-squeak: squeak-vm is missing and I am not root (no sudo)" >&2; exit 1; }
        sudo=(sudo)
    fi
    echo "compare-squeak: installing squeak-vm..." >&2
    if ! DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends squeak-vm >&2; then
        echo "compare-squeak: apt-get install failed; running apt-get update and retrying" >&2
        "${sudo[@]}" apt-get update >&2
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends squeak-vm >&2
    fi
}

squeak_vm=$(find_squeak_vm || true)
if [ -z "$squeak_vm" ]; then
    install_squeak_vm
    squeak_vm=$(find_squeak_vm) || { echo "compare-squeak: squeak-vm installed but no squeakvm binary found" >&2; exit 1; }
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$images/$image_name" "$work/"

# Runs one expression once on squeak-vm; prints "MILLISECONDS RESULT".
squeak_run() {
    local expression="$1"
    cat > "$work/startup-doit.st" <<ST
| out r t |
out := StandardFileStream new open: '/dev/stdout' forWrite: true.
t := Time millisecondsToRun: [r := $expression].
out nextPutAll: 'STVM-COMPARE ', t printString, ' ', r printString; nextPut: (Character value: 10).
out close.
Smalltalk quitPrimitive!
ST
    # That VM cannot open a pipe as /dev/stdout: its stdout must be a file.
    (cd "$work" && timeout 300 "$squeak_vm" -vm-display-null -vm-sound-null "$image_name" \
        > "$work/out.txt" 2> "$work/err.txt") || true
    awk '/^STVM-COMPARE / { print $2, $3; found = 1 } END { exit !found }' "$work/out.txt"
}

# ---------------------------------------------------------------- stvm
stvm_bin="${STVM_BIN:-${CARGO_TARGET_DIR:-$repo/target}/release/stvm}"
stvm_problem=""
if [ "$build" = 1 ]; then
    echo "compare-squeak: building stvm (cargo build --release --bin stvm)..." >&2
    if ! (cd "$repo" && cargo build --release --bin stvm >&2); then
        stvm_problem="cargo build --release --bin stvm failed"
    fi
fi
if [ -z "$stvm_problem" ] && [ ! -x "$stvm_bin" ]; then
    stvm_problem="no stvm binary at $stvm_bin"
fi

# Runs `stvm eval EXPRESSION`; prints the last integer it printed, or fails.
stvm_eval_integer() {
    local output
    output=$(timeout 300 "$stvm_bin" eval "$1" 2>"$work/stvm-err.txt") || return 1
    printf '%s\n' "$output" | grep -Eo -- '-?[0-9]+' | tail -n 1 | grep -E . || return 1
}

if [ -z "$stvm_problem" ]; then
    for index in "${!expressions[@]}"; do
        answer=$(stvm_eval_integer "${expressions[$index]}" || true)
        if [ "$answer" != "${expected_results[$index]}" ]; then
            detail=$(head -c 300 "$work/stvm-err.txt" 2>/dev/null | tr '\n' ' ')
            stvm_problem="stvm eval '${expressions[$index]}' answered '${answer:-nothing}', not ${expected_results[$index]}${detail:+ (stderr: $detail)}"
            break
        fi
    done
fi
if [ -n "$stvm_problem" ]; then
    echo "compare-squeak: stvm cannot run the expressions yet: $stvm_problem" >&2
    echo "compare-squeak: measuring squeak-vm only." >&2
fi

# ---------------------------------------------------------------- measuring
median() {
    sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "squeak-vm: $squeak_vm"
if [ -n "$stvm_problem" ]; then
    echo "stvm:      not measured ($stvm_problem)"
else
    echo "stvm:      $stvm_bin"
fi
echo "runs:      $runs per VM and expression, alternating"
echo
printf '%-15s %12s %12s %12s   %s\n' "expression" "squeak ms" "stvm ms" "stvm/squeak" "squeak runs | stvm runs"
status=0
for index in "${!expressions[@]}"; do
    expression="${expressions[$index]}"
    squeak_times=()
    stvm_times=()
    for ((run = 1; run <= runs; run++)); do
        if line=$(squeak_run "$expression"); then
            read -r ms result <<<"$line"
            if [ "$result" != "${expected_results[$index]}" ]; then
                echo "compare-squeak: squeak-vm answered $result for $expression" >&2
                status=1
            fi
            squeak_times+=("$ms")
        else
            echo "compare-squeak: squeak-vm printed no result for $expression:" >&2
            head -c 500 "$work/out.txt" "$work/err.txt" >&2 || true
            status=1
        fi
        if [ -z "$stvm_problem" ]; then
            if ms=$(stvm_eval_integer "Time millisecondsToRun: [$expression]"); then
                stvm_times+=("$ms")
            else
                echo "compare-squeak: stvm failed on run $run of $expression" >&2
                status=1
            fi
        fi
    done
    squeak_median=$(printf '%s\n' "${squeak_times[@]}" | grep -E . | median)
    stvm_median=$( (printf '%s\n' "${stvm_times[@]:-}" | grep -E . || true) | median)
    ratio=$(awk -v a="$stvm_median" -v b="$squeak_median" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }')
    printf '%-15s %12s %12s %12s   %s | %s\n' "$expression" "$squeak_median" "$stvm_median" "$ratio" \
        "${squeak_times[*]:-}" "${stvm_times[*]:-}"
done
exit "$status"
