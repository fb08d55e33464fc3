import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { TConfig } from "../config";

/**
 * The key that encrypts secrets: OSPREY_SECRET_KEY (base64 of 32 bytes) when set, else a key
 * file generated on first use with mode 0600 (readable by the server's user only).
 */
export function loadSecretKey(config: Pick<TConfig, "OSPREY_SECRET_KEY" | "OSPREY_SECRET_KEY_FILE">): Buffer {
  if (config.OSPREY_SECRET_KEY) return checked(Buffer.from(config.OSPREY_SECRET_KEY, "base64"), "OSPREY_SECRET_KEY");
  return checked(
    Buffer.from(readOrCreateKeyFile(config.OSPREY_SECRET_KEY_FILE), "base64"),
    config.OSPREY_SECRET_KEY_FILE,
  );
}

/** The secret that signs session cookies: OSPREY_AUTH_SECRET, else its own generated key file. */
export function loadAuthSecret(config: Pick<TConfig, "OSPREY_AUTH_SECRET" | "OSPREY_AUTH_SECRET_FILE">): string {
  return config.OSPREY_AUTH_SECRET ?? readOrCreateKeyFile(config.OSPREY_AUTH_SECRET_FILE);
}

/** 32 random bytes in base64, made once with mode 0600 (`wx`: two processes never both write it). */
function readOrCreateKeyFile(path: string): string {
  const file = resolve(path);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err; // another process made it first
    }
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return readFileSync(file, "utf8").trim();
}

function checked(key: Buffer, where: string): Buffer {
  if (key.length !== 32)
    throw new Error(`the secret key in ${where} must be 32 bytes, base64-encoded (got ${key.length} bytes)`);
  return key;
}
