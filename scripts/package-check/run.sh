#!/usr/bin/env bash
# The package as a user gets it: npm pack, install the tarball into a temp folder outside the repository, build an
# object spec through the API there, and type-check a TypeScript file against the package's types.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/briefing-package-XXXXXX")"
(cd "$repo" && npm run build --silent && npm pack --silent --pack-destination "$work" >/dev/null)
cd "$work"
npm init -y >/dev/null
npm install --prefer-offline --omit=optional --no-audit --no-fund ./briefing-*.tgz typescript@5 @types/node@20 >/dev/null
node -e "import('briefing').then(b => b.build({ spec: { title: 'x', sections: ['targets'] }, out: 'out/api-check' }))"
test -s out/api-check/deck.html && test -s out/api-check/brief.html
cp "$here/check.mts" "$here/tsconfig.json" .
npx tsc -p tsconfig.json
echo "package check ok: $work"
