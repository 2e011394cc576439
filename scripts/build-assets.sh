#!/usr/bin/env bash
# Build the front-end assets (GOV.UK Frontend, compiled without its licensed typeface)
# from the pinned npm packages into wellboard/static/govuk/.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error
out=wellboard/static/govuk
mkdir -p "$out/assets"
npx --no-install sass --quiet --no-source-map --style=compressed \
  --load-path=node_modules/govuk-frontend/dist frontend/govuk.scss "$out/govuk-frontend.min.css"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$out/"
rm -rf "$out/assets/images" && cp -r node_modules/govuk-frontend/dist/govuk/assets/images "$out/assets/"
