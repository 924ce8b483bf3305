#!/usr/bin/env bash
# Make this checkout ready to run and test:
#
#   scripts/setup.sh            Debian packages, .venv with the project installed, translations
#   scripts/setup.sh --browser  the same, plus Debian's Chromium for the browser tests
#
# Every step is skipped when it is already done, so a second run is quick and needs no network.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

venv=.venv
stamp=$venv/.installed-pyproject.sha256

# WeasyPrint draws with Pango and subsets fonts with HarfBuzz (without libharfbuzz-subset0 a
# page with Chinese text takes seconds). Printed records use WenQuanYi Micro Hei (small PDFs)
# and fall back to Noto Sans CJK SC for the rare characters it lacks.
debian_packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-wqy-microhei fonts-noto-cjk)
for option in "$@"; do
    case $option in
        --browser) debian_packages+=(chromium) ;;
        *) echo "usage: $0 [--browser]" >&2; exit 2 ;;
    esac
done
scripts/install-system-packages.sh "${debian_packages[@]}"

# The virtualenv: Python 3.11, or 3.12 where that is what python3 is.
if [[ ! -x $venv/bin/python ]]; then
    if command -v python3.11 >/dev/null && python3.11 -c '' 2>/dev/null; then
        python=python3.11
    elif python3 -c 'import sys; sys.exit(sys.version_info[:2] not in {(3, 11), (3, 12)})' 2>/dev/null; then
        python=python3
    else
        echo "Python 3.11 (or 3.12) is needed: neither python3.11 nor python3 is one." >&2
        exit 1
    fi
    echo "Creating $venv with $($python --version)"
    "$python" -m venv "$venv"
fi

# The project and its test tools, reinstalled only when pyproject.toml changes.
if ! sha256sum --check --status "$stamp" 2>/dev/null; then
    "$venv/bin/python" -m pip install --quiet -e '.[test]'
    sha256sum pyproject.toml >"$stamp"
fi

# Compiled translations are committed; compile only a catalogue that has none yet.
for po in $(find portal cms forms rules -name '*.po' -path '*/LC_MESSAGES/*' 2>/dev/null); do
    if [[ ! -f ${po%.po}.mo ]]; then
        scripts/install-system-packages.sh gettext
        "$venv/bin/python" manage.py compilemessages --ignore="$venv" --verbosity=0
        break
    fi
done
