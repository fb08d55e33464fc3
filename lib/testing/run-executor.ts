// An executor alone in its own process (no HTTP), on the configured DATABASE_URL and Docker engine:
// tests freeze it (SIGSTOP) past its lease while another executor takes its execution over, then
// thaw it, to prove a late owner writes nothing over its successor. Started by start-executor.ts.
import { config, envSecrets } from "../config";
import { createDb } from "../db/create-client";
import { Executor } from "../orchestrator/executor";
import { LogBus } from "../logs/log-bus";
import { createDocker } from "../runner/docker/docker-client";
import { instanceId } from "../runner/docker/labels";
import { loadSecretKey } from "../secrets/secret-key";
import { SecretStore } from "../secrets/secret-store";
import { LocalDiskStorage } from "../storage/local-disk-storage";
import { templateRendererFor } from "../template/template-renderer";

const db = await createDb(config.DATABASE_URL);
const executor = new Executor({
  db,
  docker: createDocker(config.DOCKER_HOST),
  bus: new LogBus(),
  config,
  secrets: new SecretStore(db, loadSecretKey(config), envSecrets()),
  templates: templateRendererFor(config),
  storage: new LocalDiskStorage(config.OSPREY_STORAGE_DIR),
  instance: instanceId(config.DATABASE_URL),
});
executor.start();
process.stdout.write("ready\n");
for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => process.exit(0));
