#!/usr/bin/env bash
# npm run image: builds Osprey's image (the Dockerfile at the root) and the images of the compose
# deployment (deploy/postgres, deploy/s3), each only when what it is built from changed: an image
# carries the hash of its sources as a label, as scripts/ensure-images.sh does for task images.
# No registry is reachable here, so the Node base is built first from the local Debian base and
# this machine's own Node; set OSPREY_IMAGE_BASE (e.g. node:20-bookworm-slim) to use another.
# OSPREY_IMAGE_NEXT_BUILD=.next: the image takes that `next build` output of the same sources instead
# of building again (npm test's deploy step).
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

IMAGE="${OSPREY_IMAGE:-osprey/osprey:latest}"
NODE_BASE="${OSPREY_NODE_BASE:-osprey/node-base:20}"
DEBIAN_BASE="${OSPREY_BASE_IMAGE:-osprey/base:bookworm}"
POSTGRES_IMAGE="${OSPREY_POSTGRES_IMAGE:-osprey/postgres:15}"
S3_IMAGE="${OSPREY_S3_IMAGE:-osprey/s3rver:3}"
LABEL=dev.osprey.context

label_of() { docker image inspect -f "{{ index .Config.Labels \"$LABEL\" }}" "$1" 2>/dev/null || true; }
# A short hash of the files named (NUL-separated) on stdin, and of the words given.
hash_of() { { sort -z | xargs -0 sha256sum; printf '%s\n' "$@"; } | sha256sum | cut -c1-16; }

# build_if_changed TAG HASH CONTEXT [docker build arguments…]
build_if_changed() {
  local tag="$1" hash="$2" context="$3"
  shift 3
  [ "$(label_of "$tag")" = "$hash" ] && return 0
  log "building $tag (its sources changed or it is missing; the first time takes minutes)"
  local started=$SECONDS out
  out=$(mktemp /tmp/osprey-image-build.XXXXXX.log)
  if ! DOCKER_BUILDKIT=0 docker build --label "$LABEL=$hash" --label "$LABEL.image=$tag" -t "$tag" "$@" "$context" >"$out" 2>&1; then
    tail -40 "$out" >&2
    log "building $tag failed (whole log: $out)"
    exit 1
  fi
  rm -f "$out"
  # The builder leaves each stage of the last build as an untagged image carrying the label (the
  # next build's cache): those of earlier builds are dropped, or every source change keeps ~3 GB.
  docker image prune -f --filter "label=$LABEL.image=$tag" --filter "label!=$LABEL=$hash" >/dev/null
  log "built $tag in $((SECONDS - started)) s"
}

node_base() {
  local node prefix version ca hash context
  node=$(readlink -f "$(command -v node)")
  prefix=$(dirname "$(dirname "$node")")
  version=$(node -p 'process.versions.node')
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 9) ? 0 : 1)' \
    || { log "Node $version is too old for Next.js (>= 20.9): install a newer Node or set OSPREY_IMAGE_BASE"; exit 1; }
  [ -d "$prefix/include/node" ] && [ -d "$prefix/lib/node_modules/npm" ] \
    || { log "no Node headers or npm under $prefix: set OSPREY_IMAGE_BASE to a Node image instead"; exit 1; }
  ca="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
  hash=$({ printf '%s\0' "$version" "$(docker image inspect -f '{{.Id}}' "$DEBIAN_BASE")"; cat deploy/node-base/Dockerfile "$ca"; } \
    | sha256sum | cut -c1-16)
  [ "$(label_of "$NODE_BASE")" = "$hash" ] && return 0
  context=$(mktemp -d /tmp/osprey-node-base.XXXXXX)
  mkdir -p "$context/node/bin" "$context/node/lib/node_modules" "$context/node/include"
  cp "$node" "$context/node/bin/node"
  cp -a "$prefix/lib/node_modules/npm" "$context/node/lib/node_modules/npm"
  cp -a "$prefix/include/node" "$context/node/include/node"
  cp "$ca" "$context/extra-ca.crt"
  cp deploy/node-base/Dockerfile "$context/Dockerfile"
  build_if_changed "$NODE_BASE" "$hash" "$context" --build-arg "BASE=$DEBIAN_BASE"
  rm -rf "$context"
}

# The files .dockerignore lets into the build context: its `!` lines, less its other patterns.
context_files() {
  local include=() prune=() line
  while IFS= read -r line; do
    case "$line" in
      "" | "#"* | "*") ;;
      "!"*) include+=("${line#!}") ;;
      "**/"*) prune+=(-name "${line#\*\*/}" -o) ;;
      *) prune+=(-path "./$line" -o) ;;
    esac
  done <.dockerignore
  local present=()
  for line in "${include[@]}"; do [ -e "$line" ] && present+=("./$line"); done
  find "${present[@]}" \( "${prune[@]}" -false \) -prune -o -type f -print0
}

# A build context in a folder of its own: the context files, and the `next build` output named by
# OSPREY_IMAGE_NEXT_BUILD as .next-prebuilt (npm test's build of these same sources: the image
# takes it instead of building again, minutes less on 2 cores).
prebuilt_context() {
  local dir
  dir=$(mktemp -d /tmp/osprey-image-context.XXXXXX)
  context_files | tar --null -T - -cf - | tar -xf - -C "$dir"
  cp Dockerfile .dockerignore "$dir/"
  mkdir "$dir/.next-prebuilt"
  tar -cf - --exclude=./cache -C "$OSPREY_IMAGE_NEXT_BUILD" . | tar -xf - -C "$dir/.next-prebuilt"
  echo "$dir"
}

bash scripts/base-image.sh
if [ -n "${OSPREY_IMAGE_BASE:-}" ]; then
  NODE_BASE="$OSPREY_IMAGE_BASE"
else
  node_base
fi
base_id=$(docker image inspect -f '{{.Id}}' "$NODE_BASE")
debian_id=$(docker image inspect -f '{{.Id}}' "$DEBIAN_BASE")
image_hash=$({ context_files; printf '%s\0' Dockerfile .dockerignore; } | hash_of "$base_id")
if [ -n "${OSPREY_IMAGE_NEXT_BUILD:-}" ] && [ "$(label_of "$IMAGE")" != "$image_hash" ]; then
  [ -f "$OSPREY_IMAGE_NEXT_BUILD/BUILD_ID" ] || { log "OSPREY_IMAGE_NEXT_BUILD=$OSPREY_IMAGE_NEXT_BUILD holds no next build"; exit 1; }
  context=$(prebuilt_context)
  build_if_changed "$IMAGE" "$image_hash" "$context" --build-arg "BASE=$NODE_BASE"
  rm -rf "$context"
else
  build_if_changed "$IMAGE" "$image_hash" . --build-arg "BASE=$NODE_BASE"
fi
build_if_changed "$POSTGRES_IMAGE" "$(find deploy/postgres -type f -print0 | hash_of "$debian_id")" \
  deploy/postgres --build-arg "BASE=$DEBIAN_BASE"
build_if_changed "$S3_IMAGE" "$(find deploy/s3 -type f -print0 | hash_of "$base_id")" \
  deploy/s3 --build-arg "BASE=$NODE_BASE"
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E "^($IMAGE|$POSTGRES_IMAGE|$S3_IMAGE) " >&2 || true
