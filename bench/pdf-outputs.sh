#!/usr/bin/env bash
# The PDFs' fingerprint for every shipped spec: page counts, the fonts pdffonts lists (subset tags stripped), and the
# text pdftotext extracts, of deck.pdf and brief.pdf. Compare two builds of briefing (e.g. before and after a speed
# change to the export) with diff:
#   bash bench/pdf-outputs.sh /tmp/before > before.txt; (change, npm run build) ; bash bench/pdf-outputs.sh /tmp/after > after.txt
#   diff before.txt after.txt
# Needs dist/ (npm run build) and poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:?usage: bench/pdf-outputs.sh <folder>}"
for spec in specs/*.yaml; do
  name="$(basename "$spec" .yaml)"
  node bin/briefing.js build "$spec" --out "$out/$name" --pdf >"$out.$name.log" 2>&1 || { echo "build failed: $spec (see $out.$name.log)" >&2; exit 1; }
  for pdf in deck brief; do
    f="$out/$name/$pdf.pdf"
    echo "== $name/$pdf.pdf"
    [ -f "$f" ] || { echo "(not written)"; continue; }
    pdfinfo "$f" | grep '^Pages:'
    echo "-- fonts"
    pdffonts "$f" | tail -n +3 | awk '{print $1}' | sed 's/^[A-Z]\{6\}+//' | sort -u
    echo "-- text"
    pdftotext -layout "$f" - | sed 's/[[:space:]]*$//'
  done
done
