import "server-only";
import { config } from "../config";
import { LocalDiskStorage } from "./local-disk-storage";
import type { Storage } from "./storage";

// One storage per server process, built from config and kept across hot reloads (STYLE habit 3).
const globalForStorage = globalThis as unknown as { __ospreyStorage?: Storage };

export function getStorage(): Storage {
  globalForStorage.__ospreyStorage ??= new LocalDiskStorage(config.OSPREY_STORAGE_DIR);
  return globalForStorage.__ospreyStorage;
}
