import type Docker from "dockerode";
import type { Db } from "../db/create-client";

export interface Health {
  status: "UP" | "DOWN";
  database: "UP" | "DOWN";
  docker: "UP" | "DOWN";
  /** The file store (an S3 bucket with its credentials; a local folder always answers). */
  storage: "UP" | "DOWN";
}

/** A dependency that does not answer within this long is reported down (the check must stay fast). */
const CHECK_TIMEOUT_MS = 2_000;

/**
 * Whether the database and the Docker engine answer. No error text: the route is public. A web
 * server (OSPREY_ROLE=web) is up without its engine: its workers run the containers (it reports the
 * engine all the same, which only WorkingDirectory tasks need there).
 */
export async function checkHealth(
  db: Db,
  docker: Docker,
  engineRequired = true,
  checkStorage: () => Promise<void> = async () => undefined,
): Promise<Health> {
  const [database, engine, storage] = await Promise.all([
    answers(() => db.$queryRawUnsafe("SELECT 1")),
    answers(() => docker.ping()),
    answers(checkStorage),
  ]);
  return {
    status: database && storage && (engine || !engineRequired) ? "UP" : "DOWN",
    database: database ? "UP" : "DOWN",
    docker: engine ? "UP" : "DOWN",
    storage: storage ? "UP" : "DOWN",
  };
}

async function answers(check: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      check().then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
