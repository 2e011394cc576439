#!/usr/bin/env bash
# Debian packages Wellboard needs: Pango for WeasyPrint's PDFs (always), and Debian's
# Chromium and poppler-utils for the tests (with --test). Installs only what is missing, and only as root.
set -euo pipefail
need=()
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so' || need+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ "${1:-}" = "--test" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  # pdftoppm and pdfinfo: the PDF layout tests render pages and read the tagging (tests/web/test_pdf_layout.py).
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Missing Debian packages: ${need[*]} — install them with: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
