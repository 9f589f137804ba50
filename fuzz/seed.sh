#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with the seed corpus, generated from files the
# repository already has (nothing is duplicated in git):
#   every target:          examples/*/plan.yaml and tests/fixtures/**/*.yaml
#   markdown as well:      README.md and docs/*.md
#   build_site, ics:       one splice input per seed plan (0xFE, seed index),
#                          which fuzz/src/lib.rs expands to that plan; the
#                          fuzzer's mutations then add edits to it.
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
for target in load_lint build_site markdown ics; do
  for saved in fuzz/regressions/"$target"/* fuzz/unfixed/"$target"/*; do
    if [ -f "$saved" ]; then
      cp "$saved" "fuzz/corpus/$target/$(echo "$saved" | tr '/' '_')"
    fi
  done
done
for target in load_lint build_site markdown ics; do
  echo "fuzz/corpus/$target: $(find "fuzz/corpus/$target" -type f | wc -l) inputs"
done
