#!/usr/bin/env bash
# Installs the Debian packages the project needs, only those that are missing.
# WeasyPrint needs Pango; the report needs a Times-compatible font with full
# Vietnamese coverage; tests need Chromium (browser tests), poppler (PDF to PNG
# and text), gettext (compiling the Vietnamese catalogue) and redis-server (a
# fault test starts a private Redis that it stops and starts again); npm
# installs the browser assets.
set -euo pipefail

packages=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
  fonts-croscore fonts-liberation2
  gettext poppler-utils chromium redis-server
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# Node's npm installs the browser assets (package.json); any npm will do.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing system packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
