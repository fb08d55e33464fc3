import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { migratePostgres } from "../db/migrate-postgres";

/**
 * A PostgreSQL cluster of its own (not the suite's shared one), for a test that stops the database
 * under running work and starts it again. Started by scripts/ensure-postgres.sh like the shared one.
 */
export interface OutagePostgres {
  /** A migrated database on it. */
  url: string;
  /** pg_ctl stop -m fast: connections are cut, new ones refused. */
  stop: () => void;
  /** Starts it again (nothing when it runs). */
  start: () => void;
}

const DIR = "/tmp/osprey-outage-pg";
const PORT = "55434";

export async function outagePostgres(): Promise<OutagePostgres> {
  const env = { ...process.env, OSPREY_TEST_PG_DIR: DIR, OSPREY_TEST_PG_PORT: PORT };
  const server = execFileSync("bash", ["scripts/ensure-postgres.sh"], { env, encoding: "utf8" }).match(
    /OSPREY_TEST_POSTGRES_URL=(\S+)/,
  )![1];
  const bin = `/usr/lib/postgresql/${readdirSync("/usr/lib/postgresql").sort().at(-1)}/bin`;
  const pgCtl = (args: string) =>
    execFileSync("su", ["postgres", "-c", `${bin}/pg_ctl -D ${DIR}/data ${args}`], { stdio: "pipe" });
  const running = () => {
    try {
      pgCtl("status");
      return true;
    } catch {
      return false; // pg_ctl status exits 3 when no server runs
    }
  };
  const name = `osprey_outage_${Date.now()}`;
  const admin = new URL(server);
  execFileSync("psql", [admin.toString(), "-c", `CREATE DATABASE ${name}`], { stdio: "pipe" });
  const url = new URL(server);
  url.pathname = `/${name}`;
  await migratePostgres(url.toString());
  return {
    url: url.toString(),
    stop: () => pgCtl("-m fast -w stop"),
    start: () => {
      if (running()) return;
      pgCtl(`-o '-p ${PORT} -k ${DIR} -c listen_addresses=127.0.0.1' -l ${DIR}/log -w start`);
    },
  };
}
