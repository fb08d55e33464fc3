import { createDecipheriv } from "node:crypto";
import { describe, expect, it } from "vitest";
import { renderTemplate } from "./index";

// kestra core EncryptDecryptFunctionTest: encrypt then decrypt gives the text back; missing args fail.
const key = Buffer.alloc(32, 7).toString("base64");

describe("encrypt / decrypt (Kestra's EncryptionService format)", () => {
  it("round-trips", () => {
    const encrypted = renderTemplate("{{ encrypt(key, 'toto') }}", { key });
    expect(encrypted).not.toContain("toto");
    expect(renderTemplate(`{{ decrypt(key, '${encrypted}') }}`, { key })).toBe("toto");
  });

  it("writes Base64(iv ‖ AES-GCM ciphertext ‖ tag), readable by any AES-GCM implementation", () => {
    const raw = Buffer.from(renderTemplate("{{ encrypt(key, 'hello') }}", { key }), "base64");
    expect(raw.length).toBe(12 + 5 + 16);
    const d = createDecipheriv("aes-256-gcm", Buffer.from(key, "base64"), raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(raw.length - 16));
    expect(Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString()).toBe("hello");
  });

  it("refuses tampered text, wrong keys and missing arguments", () => {
    const encrypted = renderTemplate("{{ encrypt(key, 'toto') }}", { key });
    const tampered = Buffer.from(encrypted, "base64");
    tampered[14] ^= 1;
    expect(() => renderTemplate("{{ decrypt(key, t) }}", { key, t: tampered.toString("base64") })).toThrow(
      /Tag mismatch/,
    );
    expect(() =>
      renderTemplate("{{ decrypt(other, t) }}", { other: Buffer.alloc(32, 1).toString("base64"), t: encrypted }),
    ).toThrow(/Tag mismatch/);
    expect(() => renderTemplate("{{ encrypt('toto') }}", {})).toThrow(/expects two arguments/);
    expect(() => renderTemplate("{{ decrypt('toto') }}", {})).toThrow(/expects two arguments/);
  });
});
