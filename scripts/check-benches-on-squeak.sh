#!/usr/bin/env bash
# check-benches-on-squeak.sh — runs every benchmark in benches/smalltalk once on the
# Debian `squeak-vm` interpreter with the shared Scratch/Squeak 2.8 image, and prints its
# answer, whether `verify:` accepts it, and the milliseconds `run` took. This checks the
# Smalltalk programs (and their expected answers) independently of stvm.
#
# usage: scripts/check-benches-on-squeak.sh [FILE-STEM...]   e.g. Richards NBody
# environment: STVM_SHARED as for compare-squeak.sh. Needs squeak-vm installed
# (scripts/compare-squeak.sh installs it).
#
# Squeak 2.8 has no `subclass:...package:`, so each file is filed in with `package:`
# rewritten to `poolDictionaries: '' category:`. Squeak 2.8's SmallIntegers are 31-bit,
# so benchmarks that use the random generator run partly on LargeIntegers there.
set -euo pipefail

script_dir=$(cd "$(dirname "$0")" && pwd)
sources="$script_dir/../benches/smalltalk"
images="${STVM_SHARED:+$STVM_SHARED/images}"
images="${images:-$script_dir/../../shared/images}"
image_name=scratch-squeak28-v3-scriptable.image
squeak_vm=$(ls /usr/lib/squeak/*/squeakvm 2>/dev/null | head -n 1 || true)
[ -x "$squeak_vm" ] || { echo "check-benches: squeak-vm is not installed (run scripts/compare-squeak.sh once)" >&2; exit 1; }
[ -f "$images/$image_name" ] || { echo "check-benches: $images/$image_name not found" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$images/$image_name" "$work/"

if [ $# -gt 0 ]; then
    stems=("$@")
else
    stems=()
    for file in "$sources"/*.st; do
        stems+=("$(basename "$file" .st)")
    done
fi

status=0
for stem in "${stems[@]}"; do
    source="$sources/$stem.st"
    [ -f "$source" ] || { echo "check-benches: no $source" >&2; status=1; continue; }
    sed "s/package: 'Benchmarks'/poolDictionaries: '' category: 'Benchmarks'/" "$source" > "$work/bench.st"
    class=$(grep -Eo '^Object subclass: #Bench[A-Za-z0-9]+' "$source" | head -n 1 | sed 's/.*#//')
    cat > "$work/startup-doit.st" <<ST
(FileStream oldFileNamed: 'bench.st') fileIn!
| out r t class |
out := StandardFileStream new open: '/dev/stdout' forWrite: true.
class := Smalltalk at: #$class.
t := Time millisecondsToRun: [r := class new run].
out nextPutAll: 'CHECK ', class benchmarkName, ' ', (class new verify: r) printString, ' ', t printString, ' ', r printString; nextPut: (Character value: 10).
out close.
Smalltalk quitPrimitive!
ST
    (cd "$work" && timeout 600 "$squeak_vm" -vm-display-null -vm-sound-null "$image_name" \
        > "$work/out.txt" 2> "$work/err.txt") || true
    if line=$(grep -E '^CHECK ' "$work/out.txt"); then
        read -r _ name ok ms answer <<<"$line"
        printf '%-12s %-6s %8s ms   %s\n' "$name" "$ok" "$ms" "$answer"
        [ "$ok" = true ] || status=1
    else
        printf '%-12s %-6s   (no answer; the program failed or timed out)\n' "$stem" "ERROR"
        head -c 400 "$work/out.txt" "$work/err.txt" | sed 's/^/    /' >&2 || true
        status=1
    fi
done
exit "$status"
