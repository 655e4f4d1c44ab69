#!/usr/bin/env bash
# Regenerate the PNG screenshots in this folder from the real rendering code:
# the demo prefecture as of 2026-11-28, drawn by ui::draw into a TestBackend,
# written as SVG with every cell on a grid and converted with rsvg-convert
# using the Noto Sans Mono CJK font. Run from anywhere: bash screenshots/make.sh
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v rsvg-convert >/dev/null 2>&1 || missing+=(librsvg2-bin)
fc-list 2>/dev/null | grep -q "Noto Sans Mono CJK SC" || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
cargo run --release --quiet --features screenshots --bin zhucun-screenshots -- screenshots
