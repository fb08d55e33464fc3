import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Before the integration tests: one template SQLite database migrated with the real
 * `prisma migrate deploy` (tests copy it), and the private test registry (htpasswd, loopback).
 */
export default function setup({ provide }: { provide: (key: string, value: string) => void }) {
  const dir = mkdtempSync(join(tmpdir(), "osprey-test-db-"));
  const file = join(dir, "template.db");
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: `file:${file}` }, stdio: "pipe" });
  provide("templateDb", file);
  const exports = execFileSync("bash", ["scripts/ensure-registry.sh"], { encoding: "utf8" });
  const vars = Object.fromEntries([...exports.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));
  provide("registry", JSON.stringify({ address: vars.OSPREY_TEST_REGISTRY, user: vars.OSPREY_TEST_REGISTRY_USER, password: vars.OSPREY_TEST_REGISTRY_PASSWORD }));
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
    registry: string;
  }
}
