import type Docker from "dockerode";
import type { TConfig } from "../config";
import type { Db } from "../db/create-client";
import type { LogBus } from "../logs/log-bus";
import type { SecretStore } from "../secrets/secret-store";
import type { TemplateRenderer } from "../template/template-renderer";
import type { Storage } from "../storage/storage";
import type { FairSlots } from "./fair-slots";

/** What the executor needs from the outside world; tests build it from real parts. */
export interface ExecutorDeps {
  db: Db;
  docker: Docker;
  /** Client for a task that names another engine with `docker.host`. */
  dockerFor?: (host: string) => Docker;
  bus: LogBus;
  config: TConfig;
  secrets: SecretStore;
  /** Renders expressions off the main thread, under time and memory limits. */
  templates: TemplateRenderer;
  /** Output files' bytes (the database keeps their metadata). */
  storage: Storage;
  /** Names this server's containers (see labels.ts). */
  instance: string;
  /** Container slots of this process (OSPREY_CONCURRENCY), shared fairly between namespaces; none: no bound. */
  containerSlots?: FairSlots;
  /** Set by the executor: lets a task start or stop other executions (Subflow) here. */
  executions?: { wake(): void; kill(executionId: string, reason: string): boolean };
}
