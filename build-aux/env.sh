# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the scripts here: run the uninstalled build with its own
# settings schema, translations and help.
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export GSETTINGS_SCHEMA_DIR="$top/_build/data"
export SHOWROOM_LOCALEDIR="$top/_build/po"
