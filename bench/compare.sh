#!/usr/bin/env bash
# Side by side with Marp CLI 4 on the same slides (the Chinese deck of all six areas and eight supports), interleaved
# runs, medians and ratios. Installs Marp CLI into a temporary folder (no browser download: it uses the same
# Chromium as briefing). Usage: bash bench/compare.sh [runs]   (default 7)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"
work="$(mktemp -d "${TMPDIR:-/tmp}/briefing-compare-XXXXXX")"
trap 'rm -rf "$work"' EXIT

chrome="${CHROME_PATH:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
if [ -z "$chrome" ]; then echo "compare: no Chromium found (apt-get install chromium, or set CHROME_PATH)" >&2; exit 1; fi

echo "== installing Marp CLI 4 into $work/marp (PUPPETEER_SKIP_DOWNLOAD=1)"
mkdir -p "$work/marp"
(cd "$work/marp" && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --silent @marp-team/marp-cli@4 >/dev/null)
marp="$work/marp/node_modules/.bin/marp"
echo "   $("$marp" --version | head -1)"

echo "== building briefing (dist/, and the bundle dist/cli.cjs that bin/briefing.js runs) and the same-slides Marp deck"
npm run build --silent
# The figure is that of the CLI as a user runs it (npx briefing, i.e. bin/briefing.js): the bundle, not tsc's output.
if [ ! -s dist/cli.cjs ]; then echo "compare: npm run build made no dist/cli.cjs (scripts/bundle.mjs)" >&2; exit 1; fi
cat > "$work/all-zh.yaml" <<'SPEC'
title: 人工智能+ 行动：重点行动与基础支撑
language: zh
sections:
  - area: science
  - area: industry
  - area: consumption
  - area: livelihood
  - area: governance
  - area: global
  - support: [models, data, compute, environment, open-source, talent, policy, safety]
SPEC
node bin/briefing.js build "$work/all-zh.yaml" --out "$work/b" >/dev/null
npx tsx bench/marp-deck.ts "$work/b/deck.html" > "$work/deck.md"

# Marp is pointed at the full Chromium (what it finds and supports); briefing finds its own browser as a user's run
# does (the headless shell when installed: see README, PDF export), so CHROME_PATH is set for Marp only.
marp_env=(env CHROME_PATH="$chrome")
echo "   browsers: Marp $chrome; briefing $(node bin/briefing.js build "$work/all-zh.yaml" --out "$work/b" --pdf 2>&1 >/dev/null | sed -n 's/^pdf: browser //p')"
now() { date +%s%N; }
# time_of CMD... : wall time in ms of one run (output discarded; a failure stops the comparison)
time_of() { local t0 t1; t0=$(now); "$@" >/dev/null 2>&1 || { echo "compare: failed: $*" >&2; exit 1; }; t1=$(now); echo $(( (t1 - t0) / 1000000 )); }

declare -a bh mh bp mp bhe bpe node_start
# briefing keeps the pages it rendered in its cache (README, "The cache"): a build of the same spec reads them back.
# The "edited" runs change the title (on every slide) each time, so that the pages are rendered, as after an edit
# (the title names this run too: the cache outlives it).
echo "== $runs interleaved rounds (briefing HTML, Marp HTML, briefing deck.pdf + brief.pdf, Marp deck PDF; briefing HTML and PDFs edited)"
stamp="$(date +%s%N)"
for i in $(seq 1 "$runs"); do
  bh+=("$(time_of node bin/briefing.js build "$work/all-zh.yaml" --out "$work/b")")
  mh+=("$(time_of "${marp_env[@]}" "$marp" "$work/deck.md" -o "$work/m/deck.html")")
  bp+=("$(time_of node bin/briefing.js build "$work/all-zh.yaml" --out "$work/b" --pdf)")
  mp+=("$(time_of "${marp_env[@]}" "$marp" "$work/deck.md" --pdf --allow-local-files -o "$work/m/deck.pdf")")
  bhe+=("$(time_of node bin/briefing.js build "$work/all-zh.yaml" --out "$work/be" --title "人工智能+ 行动 第${i}稿 $stamp")")
  bpe+=("$(time_of node bin/briefing.js build "$work/all-zh.yaml" --out "$work/be" --pdf --title "人工智能+ 行动 第${i}稿 PDF $stamp")")
  node_start+=("$(time_of node -e 0)")
  echo "   round $i: ${bh[-1]} / ${mh[-1]} / ${bp[-1]} / ${mp[-1]} ms; edited ${bhe[-1]} / ${bpe[-1]} ms"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mbh=$(median "${bh[@]}"); mmh=$(median "${mh[@]}"); mbp=$(median "${bp[@]}"); mmp=$(median "${mp[@]}"); mbhe=$(median "${bhe[@]}"); mbpe=$(median "${bpe[@]}")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
slides=$(grep -c '^---$' "$work/deck.md" || true)
echo
echo "Same slides ($((slides - 1)) Marp slides), medians of $runs interleaved runs, whole process (briefing: bin/briefing.js → dist/cli.cjs):"
printf '  %-34s %7s ms   (the floor for any Node CLI)\n' "Node's own start (node -e 0)" "$(median "${node_start[@]}")"
printf '  %-34s %7s ms   Marp %7s ms   ratio %s×  (goal ≤ 0.25×)\n' "HTML" "$mbh" "$mmh" "$(ratio "$mbh" "$mmh")"
printf '  %-34s %7s ms   Marp %7s ms   ratio %s×  (goal ≤ 0.6×; Marp: the deck only)\n' "deck.pdf + brief.pdf" "$mbp" "$mmp" "$(ratio "$mbp" "$mmp")"
printf '  %-34s %7s ms   Marp %7s ms   ratio %s×  (pages rendered: a new title each run)\n' "HTML, edited" "$mbhe" "$mmh" "$(ratio "$mbhe" "$mmh")"
printf '  %-34s %7s ms   Marp %7s ms   ratio %s×  (pages rendered: a new title each run)\n' "deck.pdf + brief.pdf, edited" "$mbpe" "$mmp" "$(ratio "$mbpe" "$mmp")"
