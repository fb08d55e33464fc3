import { describe, expect, it } from "vitest";
import { encryptSecret, decryptSecret } from "./secret-crypto";
import { namespaceChain } from "./namespaces";
import { MASK, SecretMasker } from "./secret-masker";
import { randomBytes } from "node:crypto";

describe("SecretMasker", () => {
  const masker = new SecretMasker();
  masker.add("p@ss w0rd/+");
  masker.add("ab"); // too short to mask

  it("masks the literal value wherever it appears", () => {
    expect(masker.mask("login p@ss w0rd/+ and again p@ss w0rd/+!")).toBe(`login ${MASK} and again ${MASK}!`);
  });

  it("masks its base64 and URL-encoded forms", () => {
    const b64 = Buffer.from("p@ss w0rd/+").toString("base64");
    expect(masker.mask(`auth=${b64}`)).toBe(`auth=${MASK}`);
    expect(masker.mask(`auth=${b64.replace(/=+$/, "")}`)).toBe(`auth=${MASK}`);
    expect(masker.mask(`q=${encodeURIComponent("p@ss w0rd/+")}`)).toBe(`q=${MASK}`);
  });

  it("leaves other text and short values alone", () => {
    expect(masker.mask("nothing secret about ab")).toBe("nothing secret about ab");
    expect(new SecretMasker().mask("x")).toBe("x");
  });

  it("masks a value pasted with its trailing newline, in its trimmed form and all encodings of it", () => {
    const m = new SecretMasker();
    m.add("tok3n-value\n");
    expect(m.mask("A=tok3n-value")).toBe(`A=${MASK}`);
    expect(m.mask(`b64=${Buffer.from("tok3n-value").toString("base64")}`)).toBe(`b64=${MASK}`);
  });

  it("masks each line of a multi-line value, since logs are stored line by line", () => {
    const m = new SecretMasker();
    m.add("-----BEGIN KEY-----\nMIIEpAIBAAKCAQEA\n-----END KEY-----\n");
    expect(["-----BEGIN KEY-----", "MIIEpAIBAAKCAQEA", "  MIIEpAIBAAKCAQEA  "].map((l) => m.mask(l))).toEqual([
      MASK,
      MASK,
      `  ${MASK}  `,
    ]);
  });

  it("masks JSON-escaped, hex and form-encoded forms", () => {
    const m = new SecretMasker();
    m.add('pa"ss-word');
    expect(m.mask(JSON.stringify({ v: 'pa"ss-word' }))).toBe(`{"v":"${MASK}"}`);
    expect(m.mask(Buffer.from('pa"ss-word').toString("hex"))).toBe(MASK);
    expect(m.mask(Buffer.from('pa"ss-word').toString("hex").toUpperCase())).toBe(MASK);
    const spaced = new SecretMasker();
    spaced.add("two words here");
    expect(spaced.mask("q=two+words+here")).toBe(`q=${MASK}`);
  });

  it("does not mask lines of a multi-line value shorter than the minimum", () => {
    const m = new SecretMasker();
    m.add("abcdef\nxy");
    expect(m.mask("xy abcdef")).toBe(`xy ${MASK}`);
  });

  it("treats regex characters in values literally", () => {
    const m = new SecretMasker();
    m.add("a.*b(c)");
    expect(m.mask("xa.*b(c)y axxb(c)")).toBe(`x${MASK}y axxb(c)`);
  });
});

describe("secret encryption", () => {
  const key = randomBytes(32);
  it("round-trips and binds the ciphertext to its namespace and name", () => {
    const sealed = encryptSecret(key, "value", "ns/NAME");
    expect(sealed).not.toContain("value");
    expect(decryptSecret(key, sealed, "ns/NAME")).toBe("value");
    expect(() => decryptSecret(key, sealed, "other/NAME")).toThrow();
    expect(() => decryptSecret(randomBytes(32), sealed, "ns/NAME")).toThrow();
    expect(encryptSecret(key, "value", "ns/NAME")).not.toBe(sealed);
  });

  it("walks namespaces from nearest to root", () => {
    expect(namespaceChain("a.b.c")).toEqual(["a.b.c", "a.b", "a"]);
  });
});
