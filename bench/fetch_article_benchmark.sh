#!/bin/sh
# Extract ScrapingHub's article-extraction-benchmark (ground-truth.json and html/) into DEST
# with git, for `bench/extraction.py --dataset DEST`.
# Third-party data: extract it outside the working tree, never commit it.
#
#   bench/fetch_article_benchmark.sh DEST
#   ARTICLE_BENCHMARK_REPO=/path/to/clone ARTICLE_BENCHMARK_REV=<commit> bench/fetch_article_benchmark.sh DEST
#
# ARTICLE_BENCHMARK_REPO: a bare mirror or a clone of
# https://github.com/scrapinghub/article-extraction-benchmark (default: the mirror the
# project's `fetch` tool leaves); ARTICLE_BENCHMARK_REV: the commit, tag or branch (default HEAD).
set -eu

dest=${1:?usage: bench/fetch_article_benchmark.sh DEST}
repo=${ARTICLE_BENCHMARK_REPO:-/work/.mirror/scrapinghub+article-extraction-benchmark/repo}
rev=${ARTICLE_BENCHMARK_REV:-HEAD}

commit=$(git -C "$repo" rev-parse --verify "$rev^{commit}")
mkdir -p "$dest"
# A partial mirror may lack blobs of files outside these two paths (the extractors' outputs):
# git then prints "invalid object ... for 'output/...'" and still archives these in full.
git -C "$repo" archive "$commit" ground-truth.json html | tar -x -C "$dest"
# The bench prints it, so a figure can be traced to the exact set it was measured on.
echo "scrapinghub/article-extraction-benchmark@$commit" >"$dest/SOURCE"
echo "$dest ($(ls "$dest/html" | wc -l) pages, scrapinghub/article-extraction-benchmark@$commit)"
