import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTemplateDatabase, dropTestDatabases } from "./test-database";

/**
 * Before the integration tests: one template database migrated with the real migrations (SQLite,
 * or PostgreSQL when OSPREY_TEST_POSTGRES_URL is set; tests copy it), and the private test registry (htpasswd, loopback).
 */
export default async function setup({ provide }: { provide: (key: string, value: string) => void }) {
  const dir = mkdtempSync(join(tmpdir(), "osprey-test-db-"));
  const template = await createTemplateDatabase(dir);
  provide("templateDb", template);
  const exports = execFileSync("bash", ["scripts/ensure-registry.sh"], { encoding: "utf8" });
  const vars = Object.fromEntries([...exports.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));
  provide(
    "registry",
    JSON.stringify({
      address: vars.OSPREY_TEST_REGISTRY,
      user: vars.OSPREY_TEST_REGISTRY_USER,
      password: vars.OSPREY_TEST_REGISTRY_PASSWORD,
    }),
  );
  return async () => {
    await dropTestDatabases(template);
    rmSync(dir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
    registry: string;
  }
}
