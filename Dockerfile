# Osprey's image: `docker run -p 3000:3000 -v /var/run/docker.sock:/var/run/docker.sock -v osprey-data:/data osprey/osprey`
# serves Osprey on SQLite in /data (docs/deploy.md). OSPREY_ROLE=web|worker, DATABASE_URL and
# OSPREY_STORAGE_URL select the other modes (deploy/docker-compose.yml).
#
# BASE is any Debian bookworm with Node >= 20.9 at /usr/local (node:20-bookworm-slim's layout);
# scripts/image.sh builds one from the local Debian base where no registry can be reached.
ARG BASE=node:20-bookworm-slim

# ── deps: every npm package, dev ones included (the build needs them). Only the lock file is
# copied, so this layer is rebuilt only when the dependencies change.
FROM ${BASE} AS deps
# better-sqlite3 compiles when no prebuilt binary can be fetched; node-gyp finds Node's headers in /usr/local.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
ENV npm_config_nodedir=/usr/local NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts are run apart: the postinstall (Prisma clients) needs the sources, copied later;
# better-sqlite3 is the one native module the server needs (ssh2's optional binding is left out).
RUN npm ci --ignore-scripts --no-audit --no-fund \
    && npm rebuild better-sqlite3 esbuild

# ── build: the Prisma clients and `next build`, or the `next build` of these same sources that
# npm test made already, handed in as .next-prebuilt (scripts/image.sh, OSPREY_IMAGE_NEXT_BUILD).
FROM deps AS build
COPY . .
RUN npm run postinstall \
    && if [ -f .next-prebuilt/BUILD_ID ]; then mv .next-prebuilt .next; else npx next build; fi \
    && rm -rf .next/cache \
    && find .next -name "*.map" -type f -delete
# next.config.ts as JavaScript: loading the .ts at start would need SWC's 100 MB binary in the image.
RUN npx esbuild next.config.ts --format=esm --platform=node --log-level=warning --outfile=next.config.mjs

# ── prod-deps: the same packages less the dev ones, and less what only the build reads.
FROM deps AS prod-deps
# Removed besides: what the pages bundle (.next has it: the editor), optional peers npm installs
# for build and test tools (vitest, vite, playwright, TypeScript), and SWC (see next.config.mjs).
RUN npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
    && cd node_modules \
    && rm -rf monaco-editor monaco-yaml prettier vitest @vitest vite rolldown @rolldown lightningcss lightningcss-* \
      playwright playwright-core @playwright typescript @next/swc-* \
    # Source maps, better-sqlite3's sources and objects (its .node stays), Prisma's other databases.
    && find . -name "*.map" -type f -delete \
    && rm -rf .cache better-sqlite3/deps better-sqlite3/src better-sqlite3/build/deps better-sqlite3/build/Release/obj* \
      better-sqlite3/build/Release/.deps @prisma/client/runtime/*mysql* @prisma/client/runtime/*sqlserver* \
      @prisma/client/runtime/*cockroachdb*

# ── runtime: Node, the server's own programs, the built app, and nothing to build with.
FROM ${BASE} AS runtime
# tini reaps the processes the server starts (expressions, git); git for the git plugin; the
# compression programs for the compress plugin (scripts/ensure-host-tools.sh lists the same).
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      tini git ca-certificates bzip2 xz-utils zstd lz4 \
    && rm -rf /var/lib/apt/lists/* /usr/share/doc/* /usr/share/man/* /usr/local/include/node \
    && groupadd --system --gid 10001 osprey \
    && useradd --system --uid 10001 --gid osprey --home-dir /app --shell /usr/sbin/nologin osprey \
    # /data is the all-in-one server's; no VOLUME line, so web servers and workers, which keep
    # nothing locally, get no anonymous volume (mount one at /data: docs/deploy.md).
    && mkdir -p /data && chown osprey:osprey /data
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    DATABASE_URL=file:/data/osprey.db \
    OSPREY_STORAGE_DIR=/data/storage \
    OSPREY_SECRET_KEY_FILE=/data/secret.key \
    OSPREY_AUTH_SECRET_FILE=/data/auth.secret
COPY --from=prod-deps /app/node_modules ./node_modules
# Sources stay: the worker, migrations and expression processes run TypeScript through tsx.
COPY --from=build /app/package.json /app/tsconfig.json /app/next.config.mjs /app/prisma.config.ts /app/instrumentation.ts ./
COPY --from=build /app/lib ./lib
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/public ./public
# The examples gallery reads its flows from here.
COPY --from=build /app/examples/osprey ./examples/osprey
# The server may write its caches under .next.
COPY --from=build --chown=osprey:osprey /app/.next ./.next
COPY deploy/osprey/entrypoint.sh deploy/osprey/healthcheck.mjs /usr/local/lib/osprey/
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "/usr/local/lib/osprey/healthcheck.mjs"]
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/lib/osprey/entrypoint.sh"]
CMD ["server"]
