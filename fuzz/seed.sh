#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with the seed corpus, generated from files the
# repository already has (nothing is duplicated in git):
#   all but measure:       examples/*/plan.yaml and tests/fixtures/**/*.yaml
#   markdown as well:      README.md and docs/*.md
#   build_site, ics:       one splice input per seed plan (0xFE, seed index),
#                          which fuzz/src/lib.rs expands to that plan; the
#                          fuzzer's mutations then add edits to it.
#   measure:               instead, every source under tests/fixtures/measure/
#                          (CSV, mbox, .ics) after its kind byte (0, 1, 2;
#                          3, 4, 5 measure from 2026-03-01 to 2026-04-30;
#                          hostile/ has markup in names and subjects),
#                          and inbox and sent mail as one mailbox.
#   each target:           its saved inputs, fuzz/regressions/<target>/* and
#                          fuzz/unfixed/<target>/* (so an unfixed crash is
#                          found again at once, until it is fixed).
# Safe to run again: it only adds files; inputs libFuzzer saved stay.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

plans=(examples/*/plan.yaml)
while IFS= read -r -d '' fixture; do plans+=("$fixture"); done \
  < <(find tests/fixtures -name '*.yaml' -type f -print0 | sort -z)

# The number of seed plans splice inputs can name (SEEDS in fuzz/src/lib.rs).
seeds=$(awk '/^pub const SEEDS/,/^\];/' fuzz/src/lib.rs | grep -c 'include_str!')

copy() { # copy TARGET FILE...
  local target=$1 file
  shift
  mkdir -p "fuzz/corpus/$target"
  for file in "$@"; do
    cp "$file" "fuzz/corpus/$target/seed-$(echo "$file" | tr '/' '_')"
  done
}

for target in load_lint build_site markdown ics; do
  copy "$target" "${plans[@]}"
done
copy markdown README.md docs/*.md
for target in build_site ics; do
  for ((index = 0; index < seeds; index++)); do
    printf "\\xfe\\x$(printf '%02x' "$index")" > "fuzz/corpus/$target/seed-splice-$index"
  done
done
# copy_source KIND NAME FILE...: the files, one after another, after the
# byte KIND (the source kind) and again after KIND + 3 (with a period).
copy_source() {
  local kind=$1 name=$2
  shift 2
  mkdir -p fuzz/corpus/measure
  for byte in "$kind" $((kind + 3)); do
    { printf "\\x$(printf '%02x' "$byte")"; cat "$@"; } > "fuzz/corpus/measure/seed-$byte-$name"
  done
}
declare -A kinds=([csv]=0 [mbox]=1 [ics]=2)
while IFS= read -r -d '' source; do
  name=${source#tests/fixtures/measure/}
  copy_source "${kinds[${source##*.}]}" "${name//\//_}" "$source"
done < <(find tests/fixtures/measure -type f \( -name '*.csv' -o -name '*.mbox' -o -name '*.ics' \) -print0 | sort -z)
copy_source 1 inbox-and-sent.mbox tests/fixtures/measure/mbox/inbox.mbox tests/fixtures/measure/mbox/sent.mbox

for target in load_lint build_site markdown ics measure; do
  for saved in fuzz/regressions/"$target"/* fuzz/unfixed/"$target"/*; do
    if [ -f "$saved" ]; then
      cp "$saved" "fuzz/corpus/$target/$(echo "$saved" | tr '/' '_')"
    fi
  done
done
for target in load_lint build_site markdown ics measure; do
  echo "fuzz/corpus/$target: $(find "fuzz/corpus/$target" -type f | wc -l) inputs"
done
