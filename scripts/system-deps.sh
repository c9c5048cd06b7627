#!/usr/bin/env bash
# Install the Debian packages the test suite uses for real components: newsboat (a real feed
# reader), chromium (renders index.html), postgresql (the store on a real server).
# Only as root (CI, containers); otherwise say what is missing: those tests skip with a reason.
set -uo pipefail
packages=(newsboat chromium postgresql)
missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "system-deps: not installing ${missing[*]} (needs root and apt-get); tests using them will skip"
  exit 0
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || echo "system-deps: apt-get update failed"
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
  || echo "system-deps: could not install ${missing[*]}; tests using them will skip"
exit 0
