#!/usr/bin/env bash
# Base image (debootstrap) and the default language images, each built only when missing.
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
bash scripts/base-image.sh
npx tsx scripts/build-images.ts "$@"
