#!/usr/bin/env bash
# Fetch MathJax 3 from the npm registry and keep only what the book loads: the CHTML TeX
# component, its output fonts and the TeX extensions that it loads on demand.
set -euo pipefail
version=$1
target=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "mathjax@$version" >/dev/null)
tar -xzf "$work"/mathjax-*.tgz -C "$work"
es5="$work/package/es5"

rm -rf "$target"
mkdir -p "$target/output/chtml/fonts" "$target/input/tex"
cp "$es5/tex-chtml.js" "$target/"
cp -r "$es5/output/chtml/fonts/woff-v2" "$target/output/chtml/fonts/"
cp -r "$es5/input/tex/extensions" "$target/input/tex/"
cp "$work/package/LICENSE" "$target/"
echo "MathJax $version copied to $target"
