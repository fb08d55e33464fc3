import "server-only";
import { config, envSecrets } from "../config";
import { getDb } from "../db/db";
import { getLogBus } from "../logs/log-bus";
import { getDocker } from "../runner/docker/docker-global";
import { instanceId } from "../runner/docker/labels";
import { loadSecretKey } from "../secrets/secret-key";
import { SecretStore } from "../secrets/secret-store";
import { getTemplateRenderer } from "../template/template-global";
import { getStorage } from "../storage/storage-global";
import { Executor } from "./executor";

// One executor per server process, kept across hot reloads (STYLE habit 3).
const globalForExecutor = globalThis as unknown as { __ospreyExecutor?: Promise<Executor> };

const globalForSecrets = globalThis as unknown as { __ospreySecrets?: Promise<SecretStore> };

export function getSecretStore(): Promise<SecretStore> {
  globalForSecrets.__ospreySecrets ??= getDb().then((db) => new SecretStore(db, loadSecretKey(config), envSecrets()));
  return globalForSecrets.__ospreySecrets;
}

export function getExecutor(): Promise<Executor> {
  globalForExecutor.__ospreyExecutor ??= (async () => {
    const executor = new Executor({
      db: await getDb(),
      docker: getDocker(),
      dockerFor: (host) => getDocker(host),
      bus: getLogBus(),
      secrets: await getSecretStore(),
      templates: getTemplateRenderer(),
      storage: getStorage(),
      config,
      instance: instanceId(config.DATABASE_URL),
    });
    executor.start();
    return executor;
  })();
  return globalForExecutor.__ospreyExecutor;
}
