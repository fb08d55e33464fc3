import "server-only";
import { config } from "../config";
import { getBackgroundDb } from "../db/background-db";
import { getStorage } from "../storage/storage-global";
import { RetentionLoop } from "./retention-loop";

const globalForRetention = globalThis as unknown as { __ospreyRetention?: Promise<RetentionLoop> };

/** This server's retention schedule (OSPREY_RETENTION_DAYS), started once; a worker process runs none. */
export function startRetention(): Promise<RetentionLoop> {
  globalForRetention.__ospreyRetention ??= (async () => {
    const loop = new RetentionLoop({ db: await getBackgroundDb(), storage: getStorage(), config });
    if (config.OSPREY_ROLE !== "worker") loop.start();
    return loop;
  })();
  return globalForRetention.__ospreyRetention;
}
