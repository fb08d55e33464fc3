#!/usr/bin/env bash
# Programs the server runs itself: the compress plugin's BZIP2, XZ/LZMA, ZSTD and LZ4 codecs and Z reading
# (lib/plugins/compress/host-program.ts), with fixed arguments and data only on stdin/stdout.
source "$(dirname "$0")/lib.sh"
apt_install bzip2 xz-utils zstd lz4 gzip
