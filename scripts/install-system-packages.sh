#!/usr/bin/env bash
# Installs the Debian packages PrepSite needs beyond Python: Chromium (it prints the PDF exports,
# draws the Mermaid diagrams and runs the browser tests) and the DejaVu fonts the documents use.
# Does nothing when they are already there.
set -euo pipefail

missing=()
fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "Installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
