import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { PebbleFunction } from "./context";
import { FilterError } from "./errors";

// Kestra's EncryptionService: AES/GCM/NoPadding, a 12-byte IV, a 128-bit tag; Base64(iv ‖ ciphertext ‖ tag).
const IV_LENGTH = 12;
const TAG_LENGTH = 16;

type GcmAlgorithm = "aes-128-gcm" | "aes-192-gcm" | "aes-256-gcm";

function aesKey(key: unknown): { algorithm: GcmAlgorithm; bytes: Buffer } {
  if (typeof key !== "string") throw new FilterError("The encryption key must be a Base64 string");
  const bytes = Buffer.from(key, "base64");
  const algorithm = ({ 16: "aes-128-gcm", 24: "aes-192-gcm", 32: "aes-256-gcm" } as Record<number, GcmAlgorithm>)[
    bytes.length
  ];
  if (!algorithm) throw new FilterError(`Invalid AES key length: ${bytes.length} bytes`);
  return { algorithm, bytes };
}

function required(args: Record<string, unknown>, names: string[], fn: string): void {
  if (!names.every((n) => n in args))
    throw new FilterError(`The '${fn}' function expects two arguments ${names.map((n) => `'${n}'`).join(" and ")}.`);
}

export const CRYPTO_FUNCTIONS: Record<string, PebbleFunction> = {
  encrypt: {
    argumentNames: ["key", "plaintext"],
    execute(args) {
      required(args, ["key", "plaintext"], "encrypt");
      const { plaintext } = args;
      if (plaintext === null || plaintext === "") return plaintext;
      const { algorithm, bytes } = aesKey(args.key);
      const iv = randomBytes(IV_LENGTH);
      const cipher = createCipheriv(algorithm, bytes, iv, { authTagLength: TAG_LENGTH });
      const body = Buffer.concat([cipher.update(String(plaintext), "utf8"), cipher.final()]);
      return Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64");
    },
  },
  decrypt: {
    argumentNames: ["key", "encrypted"],
    execute(args) {
      required(args, ["key", "encrypted"], "decrypt");
      const { encrypted } = args;
      if (encrypted === null || encrypted === "") return encrypted;
      const { algorithm, bytes } = aesKey(args.key);
      const input = Buffer.from(String(encrypted), "base64");
      if (input.length < IV_LENGTH + TAG_LENGTH) throw new FilterError("Tag mismatch");
      const decipher = createDecipheriv(algorithm, bytes, input.subarray(0, IV_LENGTH), { authTagLength: TAG_LENGTH });
      decipher.setAuthTag(input.subarray(input.length - TAG_LENGTH));
      try {
        return Buffer.concat([
          decipher.update(input.subarray(IV_LENGTH, input.length - TAG_LENGTH)),
          decipher.final(),
        ]).toString("utf8");
      } catch {
        throw new FilterError("Tag mismatch");
      }
    },
  },
};
