#!/bin/sh
# Extract htmldate's date evaluation set (its tests/ folder: eval_default.json,
# eval_mediacloud_2020.json and the pages under test_set/, cache/ and eval/) into DEST with git,
# for `bench/extraction.py --dataset DEST`.
# Third-party data: extract it outside the working tree, never commit it.
#
#   bench/fetch_date_benchmark.sh DEST
#   HTMLDATE_REPO=/path/to/clone HTMLDATE_REV=<commit> bench/fetch_date_benchmark.sh DEST
#
# HTMLDATE_REPO: a bare mirror or a clone of https://github.com/adbar/htmldate (default: the
# mirror the project's `fetch` tool leaves, /work/.mirror/adbar+htmldate/repo);
# HTMLDATE_REV: the commit, tag or branch (default HEAD).
set -eu

dest=${1:?usage: bench/fetch_date_benchmark.sh DEST}
repo=${HTMLDATE_REPO:-/work/.mirror/adbar+htmldate/repo}
rev=${HTMLDATE_REV:-HEAD}

commit=$(git -C "$repo" rev-parse --verify "$rev^{commit}")
mkdir -p "$dest"
# The tree of tests/ rather than the commit, so that DEST holds the files without the tests/
# prefix, as the set's own runner (tests/evaluation.py) sees them.
git -C "$repo" archive "$commit:tests" eval_default.json eval_mediacloud_2020.json \
  test_set cache eval | tar -x -C "$dest"
# The bench prints it, so a figure can be traced to the exact set it was measured on.
echo "adbar/htmldate@$commit" >"$dest/SOURCE"
# mediacloud's file is one line: count the entries, not the lines.
annotated=$(cat "$dest/eval_default.json" "$dest/eval_mediacloud_2020.json" | grep -o '"file":' | wc -l)
pages=$(find "$dest/test_set" "$dest/cache" "$dest/eval" -type f | wc -l)
echo "$dest ($annotated annotated pages, $pages HTML files, adbar/htmldate@$commit)"
