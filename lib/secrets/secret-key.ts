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
  const file = resolve(config.OSPREY_SECRET_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return checked(Buffer.from(readFileSync(file, "utf8").trim(), "base64"), file);
}

function checked(key: Buffer, where: string): Buffer {
  if (key.length !== 32) throw new Error(`the secret key in ${where} must be 32 bytes, base64-encoded (got ${key.length} bytes)`);
  return key;
}
