#!/usr/bin/env bash
# Build every shipped spec (in its own language and in zh, en, bilingual) into a folder outside the repository, or
# compare such a build with an earlier one: the deck and brief HTML must be byte-identical.
#   scripts/html-snapshot.sh save /tmp/h6-before
#   scripts/html-snapshot.sh compare /tmp/h6-before /tmp/h6-after
# The CLI is run from the sources (tsx); BRIEFING_SNAPSHOT_CLI=bin builds with bin/briefing.js instead (the bundle
# that `npm run build` makes), to check that the bundled CLI writes the same HTML as the sources.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?save|compare}
# Whole-document specs too (outside specs/, so they are not shipped).
extra=$(mktemp -d)
trap 'rm -rf "$extra"' EXIT
printf 'title: Opinions\nsections:\n  - doc: ai-plus-opinions\n' >"$extra/doc-opinions.yaml"
printf 'title: Explainer\nlanguage: bilingual\nsections:\n  - doc: ai-plus-explainer\n' >"$extra/doc-explainer.yaml"
if [ "${BRIEFING_SNAPSHOT_CLI:-}" = bin ]; then cli=(node bin/briefing.js); else cli=(node --import tsx tests/helpers/cli-entry.ts); fi
build() {
  local dir=$1 spec name lang
  for spec in specs/*.yaml "$extra"/*.yaml; do
    name=$(basename "$spec" .yaml)
    "${cli[@]}" build "$spec" --out "$dir/$name" >/dev/null
    for lang in zh en bilingual; do
      "${cli[@]}" build "$spec" --lang "$lang" --out "$dir/$name-$lang" >/dev/null
    done
  done
}
case $mode in
  save) build "${2:?folder}" ;;
  compare)
    before=${2:?before folder} after=${3:?after folder}
    build "$after"
    status=0 n=0
    for f in "$before"/*/*.html; do
      rel=${f#"$before"/}
      n=$((n + 1))
      if ! cmp -s "$f" "$after/$rel"; then echo "differs: $rel"; status=1; fi
    done
    [ "$status" = 0 ] && echo "identical: $n HTML files"
    exit $status ;;
  *) echo "usage: $0 save <dir> | compare <before> <after>" >&2; exit 2 ;;
esac
