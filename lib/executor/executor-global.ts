import { config } from "../config";
import { getDb } from "../db/db";
import { getLogBus } from "../logs/log-bus";
import { getDocker } from "../runner/docker/docker-client";
import { instanceId } from "../runner/docker/labels";
import { Executor } from "./executor";

// One executor per server process, kept across hot reloads (STYLE habit 3).
const globalForExecutor = globalThis as unknown as { __ospreyExecutor?: Promise<Executor> };

export function getExecutor(): Promise<Executor> {
  globalForExecutor.__ospreyExecutor ??= (async () => {
    const executor = new Executor({
      db: await getDb(),
      docker: getDocker(),
      bus: getLogBus(),
      config,
      instance: instanceId(config.DATABASE_URL),
    });
    executor.start();
    return executor;
  })();
  return globalForExecutor.__ospreyExecutor;
}
