import type Docker from "dockerode";
import type { TConfig } from "../config";
import type { Db } from "../db/create-client";
import type { LogBus } from "../logs/log-bus";

/** What the executor needs from the outside world; tests build it from real parts. */
export interface ExecutorDeps {
  db: Db;
  docker: Docker;
  bus: LogBus;
  config: TConfig;
  /** Names this server's containers (see labels.ts). */
  instance: string;
}
