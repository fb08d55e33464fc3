import "server-only";
import { config, envSecrets } from "../config";
import { getDb } from "../db/db";
import { getBackgroundDb } from "../db/background-db";
import { getLogBus } from "../logs/log-bus";
import { getDocker } from "../runner/docker/docker-global";
import { instanceId } from "../runner/docker/labels";
import { loadSecretKey } from "../secrets/secret-key";
import { SecretStore } from "../secrets/secret-store";
import { getTemplateRenderer } from "../template/template-global";
import { getStorage } from "../storage/storage-global";
import { Worker } from "../worker/worker";
import { Executor } from "../orchestrator/executor";
import type { ExecutorDeps } from "../deps/executor-deps";

// One executor per server process, kept across hot reloads (STYLE habit 3).
const globalForExecutor = globalThis as unknown as {
  __ospreyExecutor?: Promise<Executor>;
  __ospreyWorker?: Promise<Worker | null>;
};

const globalForSecrets = globalThis as unknown as { __ospreySecrets?: Promise<SecretStore> };

export function getSecretStore(): Promise<SecretStore> {
  globalForSecrets.__ospreySecrets ??= getDb().then((db) => new SecretStore(db, loadSecretKey(config), envSecrets()));
  return globalForSecrets.__ospreySecrets;
}

/** What the executor and the worker of this process run with: its database, engine, bus and keys. */
async function processDeps(): Promise<ExecutorDeps> {
  return {
    db: await getBackgroundDb(),
    docker: getDocker(),
    dockerFor: (host) => getDocker(host),
    bus: getLogBus(),
    secrets: await getSecretStore(),
    templates: getTemplateRenderer(),
    storage: getStorage(),
    config,
    instance: instanceId(config.DATABASE_URL),
  };
}

export function getExecutor(): Promise<Executor> {
  globalForExecutor.__ospreyExecutor ??= (async () => {
    const executor = new Executor(await processDeps());
    // A worker process (OSPREY_ROLE=worker) orchestrates nothing: its executor is never started.
    if (config.OSPREY_ROLE !== "worker") executor.start();
    return executor;
  })();
  return globalForExecutor.__ospreyExecutor;
}

/** This process's worker: started in OSPREY_ROLE=all (tasks handed to its group) and worker. */
export function getWorker(): Promise<Worker | null> {
  globalForExecutor.__ospreyWorker ??= (async () => {
    if (config.OSPREY_ROLE === "web") return null;
    const worker = new Worker(await processDeps());
    worker.start();
    return worker;
  })();
  return globalForExecutor.__ospreyWorker;
}
