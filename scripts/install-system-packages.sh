#!/usr/bin/env bash
# Install the named Debian packages that are not installed yet.
#
#   scripts/install-system-packages.sh fonts-noto-cjk libharfbuzz-subset0 ...
#
# When every package is already installed it does nothing: no apt, no network, no root.
# Otherwise it refreshes the package lists once and installs the missing packages,
# through sudo unless it already runs as root.
set -euo pipefail

missing=()
for package in "$@"; do
    status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null || true)
    [[ $status == ii* ]] || missing+=("$package")
done
((${#missing[@]})) || exit 0

as_root=()
if ((EUID != 0)); then
    command -v sudo >/dev/null || {
        echo "Missing Debian packages: ${missing[*]}. Install them as root, or install sudo." >&2
        exit 1
    }
    as_root=(sudo)
fi

echo "Installing Debian packages: ${missing[*]}"
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
