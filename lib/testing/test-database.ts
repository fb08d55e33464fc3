import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { isPostgresUrl } from "../db/database-kind";
import { migratePostgres } from "../db/migrate-postgres";

/**
 * The integration suite runs on SQLite, or on PostgreSQL when OSPREY_TEST_POSTGRES_URL names a
 * server (scripts/test.sh starts one and runs the suite a second time). Either way: one template
 * database migrated once, and a fresh copy per test.
 */
export function testPostgresServer(): string | undefined {
  return process.env.OSPREY_TEST_POSTGRES_URL || undefined;
}

/** Makes the migrated template; returns what `freshDatabase` copies (a file, or a database URL). */
export async function createTemplateDatabase(dir: string): Promise<string> {
  const server = testPostgresServer();
  if (!server) {
    const file = join(dir, "template.db");
    execFileSync("npx", ["prisma", "migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: `file:${file}` },
      stdio: "pipe",
    });
    return file;
  }
  const name = `osprey_template_${randomBytes(4).toString("hex")}`;
  await admin(server, `CREATE DATABASE ${name}`);
  const url = withDatabase(server, name);
  await migratePostgres(url);
  return url;
}

/** A DATABASE_URL of a fresh copy of the template, for one test. */
export async function freshDatabase(template: string): Promise<string> {
  if (!isPostgresUrl(template)) {
    const file = join(mkdtempSync(join(tmpdir(), "osprey-it-")), "osprey.db");
    copyFileSync(template, file);
    return `file:${file}`;
  }
  const name = `osprey_it_${randomBytes(6).toString("hex")}`;
  const templateName = new URL(template).pathname.slice(1);
  await admin(template, `CREATE DATABASE ${name} TEMPLATE ${templateName}`);
  return withDatabase(template, name);
}

/** Drops the template and every test database made from it (the suite's teardown). */
export async function dropTestDatabases(template: string): Promise<void> {
  if (!isPostgresUrl(template)) return;
  const client = new pg.Client({ connectionString: withDatabase(template, "postgres") });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT datname FROM pg_database WHERE datname LIKE 'osprey_it_%' OR datname = $1`,
      [new URL(template).pathname.slice(1)],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A new, empty PostgreSQL database on the test server (started by scripts/ensure-postgres.sh if it
 * is not running), for a test that starts servers of its own on it; they apply the migrations.
 */
export async function scratchPostgresDatabase(prefix = "osprey_it_"): Promise<string> {
  const server =
    testPostgresServer() ??
    execFileSync("bash", ["scripts/ensure-postgres.sh"], { encoding: "utf8" })
      .split("\n")
      .find((l) => l.startsWith("OSPREY_TEST_POSTGRES_URL="))!
      .slice("OSPREY_TEST_POSTGRES_URL=".length);
  const name = `${prefix}${randomBytes(6).toString("hex")}`;
  await admin(server, `CREATE DATABASE ${name}`);
  return withDatabase(server, name);
}
