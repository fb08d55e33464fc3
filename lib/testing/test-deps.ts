import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import { randomBytes } from "node:crypto";
import { envSecrets, loadConfig } from "../config";
import { createDb } from "../db/create-client";
import type { ExecutorDeps } from "../deps/executor-deps";
import { LogBus } from "../logs/log-bus";
import { createDocker } from "../runner/docker/docker-client";
import { instanceId } from "../runner/docker/labels";
import { SecretStore } from "../secrets/secret-store";
import { freshDatabase } from "./test-database";
import { templateRendererFor } from "../template/template-renderer";
import { LocalDiskStorage } from "../storage/local-disk-storage";

/** Real parts for an integration test: a fresh migrated database (SQLite, or PostgreSQL in the suite's second run), a storage folder beside it, the real Docker engine. */
export async function createTestDeps(overrides: Record<string, string> = {}): Promise<ExecutorDeps> {
  const dir = mkdtempSync(join(tmpdir(), "osprey-it-"));
  // A database of the test's own (a cluster it stops and starts), else a fresh copy of the template.
  const url = overrides.DATABASE_URL ?? (await freshDatabase(inject("templateDb")));
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: url,
    OSPREY_POLL_MS: "100",
    OSPREY_STORAGE_DIR: join(dir, "storage"),
    ...overrides,
  });
  const db = await createDb(url);
  return {
    db,
    docker: createDocker(config.DOCKER_HOST),
    dockerFor: (host) => createDocker(host),
    bus: new LogBus(),
    config,
    secrets: new SecretStore(db, randomBytes(32), envSecrets(overrides)),
    templates: templateRendererFor(config),
    storage: new LocalDiskStorage(config.OSPREY_STORAGE_DIR),
    instance: instanceId(url),
  };
}

/** Real parts for a test file (no executor), closed after it. Read `deps` inside tests (set in beforeAll). */
export function useTestDeps(overrides: Record<string, string> = {}): { deps: ExecutorDeps } {
  const ctx = {} as { deps: ExecutorDeps };
  beforeAll(async () => {
    ctx.deps = await createTestDeps(overrides);
  });
  afterAll(async () => {
    await ctx.deps.db.$disconnect();
    await ctx.deps.templates.close();
  });
  return ctx;
}
