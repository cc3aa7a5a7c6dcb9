#!/usr/bin/env bash
# The E2E suite needs two Debian packages: Chromium (Playwright's own browser
# download is not used) and libfaketime (it moves the Next.js server's clock in the
# time tests). Install what is missing when we are allowed to; otherwise say what to do.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
faketime="/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
missing=()
[ -x "$browser" ] || [ -n "${CHROMIUM_PATH:-}" ] || missing+=(chromium)
[ -f "$faketime" ] || missing+=(faketime)
if [ "${#missing[@]}" = "0" ]; then
  [ -x "$browser" ] && exit 0
fi
if [ "${#missing[@]}" != "0" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages for the E2E suite: ${missing[*]}…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -x "$browser" ]; then
  echo "Chromium not found at $browser." >&2
  echo "Install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary." >&2
  exit 1
fi
if [ ! -f "$faketime" ]; then
  echo "libfaketime not found at $faketime: the time tests cannot move the Next.js server's clock." >&2
  echo "Install it (Debian/Ubuntu: sudo apt-get install faketime)." >&2
  exit 1
fi
