import "server-only";
import { config } from "../config";
import type { Storage } from "./storage";
import { storageFromConfig } from "./storage-from-config";

// One storage per server process, built from config and kept across hot reloads (STYLE habit 3).
const globalForStorage = globalThis as unknown as { __ospreyStorage?: Storage };

export function getStorage(): Storage {
  if (!globalForStorage.__ospreyStorage) {
    const storage = storageFromConfig(config);
    globalForStorage.__ospreyStorage = storage;
    // A missing bucket or refused credentials are said at start, not only at the first file.
    checkStorage().catch((err: unknown) => console.error(`[osprey] ${(err as Error).message}`));
  }
  return globalForStorage.__ospreyStorage;
}

/** Whether the store answers (an S3 bucket with its credentials); rejects with an AppError saying why not. */
export async function checkStorage(): Promise<void> {
  // Only a remote store has something to check; a local folder is made on first write.
  await (getStorage() as Partial<{ check(): Promise<void> }>).check?.();
}
