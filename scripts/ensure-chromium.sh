#!/usr/bin/env bash
# Debian's Chromium for the Playwright tests (a browser download is impossible here).
source "$(dirname "$0")/lib.sh"
[ -x /usr/bin/chromium ] || apt_install chromium
