#!/bin/sh
# Extract trafilatura's evaluation set (the tests/ folder of its repository: evaldata.json,
# eval/, cache/) into DEST/tests with git, for `bench/extraction.py --dataset DEST/tests`.
# Third-party data: extract it outside the working tree, never commit it.
#
#   bench/fetch_eval_set.sh DEST
#   TRAFILATURA_REPO=/path/to/clone TRAFILATURA_REV=v2.0.0 bench/fetch_eval_set.sh DEST
#
# TRAFILATURA_REPO: a bare mirror or a clone of https://github.com/adbar/trafilatura
# (default: the mirror the project's `fetch` tool leaves, /work/.mirror/adbar+trafilatura/repo);
# TRAFILATURA_REV: the commit, tag or branch (default HEAD).
set -eu

dest=${1:?usage: bench/fetch_eval_set.sh DEST}
repo=${TRAFILATURA_REPO:-/work/.mirror/adbar+trafilatura/repo}
rev=${TRAFILATURA_REV:-HEAD}

commit=$(git -C "$repo" rev-parse --verify "$rev^{commit}")
mkdir -p "$dest"
git -C "$repo" archive "$commit" tests | tar -x -C "$dest"
# The bench prints it, so a figure can be traced to the exact set it was measured on.
echo "adbar/trafilatura@$commit" >"$dest/tests/SOURCE"
echo "$dest/tests ($(grep -c '"file"' "$dest/tests/evaldata.json") annotated pages, adbar/trafilatura@$commit)"
