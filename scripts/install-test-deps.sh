#!/usr/bin/env bash
# Installs everything the test suite needs: Debian packages (Chromium for browser
# tests, LibreOffice and openpyxl as real spreadsheet clients, poppler for PDFs, unzip, 7-Zip and bsdtar as zip readers,
# CJK fonts: Noto, the small song and hei faces the printed forms prefer, and faces for rare characters and emoji) and the npm packages. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
/usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1 || need+=(python3-openpyxl)
# Other programs that read the zips we write (bundles, 佐证材料包): Info-ZIP, 7-Zip, libarchive.
command -v unzip >/dev/null 2>&1 || need+=(unzip)
command -v 7zz >/dev/null 2>&1 || need+=(7zip)
command -v bsdtar >/dev/null 2>&1 || need+=(libarchive-tools)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || need+=(fonts-noto-cjk)
# Small TrueType CJK faces the printed forms use before Noto: Chromium writes PDFs far faster with them.
fc-list 2>/dev/null | grep -qi 'SungtiL GB' || need+=(fonts-arphic-gbsn00lp)
fc-list 2>/dev/null | grep -qi 'WenQuanYi Micro Hei' || need+=(fonts-wqy-microhei)
# Rare characters (CJK Extension B and after: names of places and people) and emoji, which Noto CJK lacks.
fc-list 2>/dev/null | grep -qi 'HanaMinB' || need+=(fonts-hanazono)
fc-list 2>/dev/null | grep -qi 'Noto Color Emoji' || need+=(fonts-noto-color-emoji)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
