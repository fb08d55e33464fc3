export const MASK = "****";
/** Shorter values are not masked: masking "ab" would blank every "ab" in every log. */
export const MIN_MASKED_LENGTH = 4;

/**
 * Replaces secret values in text with ****. Besides the literal value it masks the forms a script
 * most often prints by accident: the value trimmed (a token pasted with its newline), each line of a
 * multi-line value (logs are stored line by line), and the JSON-escaped, base64 (standard and
 * URL-safe, with or without padding), URL-encoded and hex forms of each. Pure; one compiled
 * pattern for all forms, longest first.
 */
export class SecretMasker {
  private readonly forms = new Set<string>();
  private pattern: RegExp | null = null;

  add(value: string): void {
    const before = this.forms.size;
    for (const form of maskedForms(value)) this.forms.add(form);
    if (this.forms.size !== before) this.pattern = null;
  }

  get size(): number {
    return this.forms.size;
  }

  mask(text: string): string {
    if (this.forms.size === 0) return text;
    this.pattern ??= new RegExp(
      [...this.forms]
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join("|"),
      "g",
    );
    return text.replace(this.pattern, MASK);
  }
}

/** Every text form of `value` that is masked (each at least MIN_MASKED_LENGTH long). */
export function maskedForms(value: string): string[] {
  const bases = new Set([value, value.trim(), ...value.split(/\r?\n/).map((line) => line.trim())]);
  const out = new Set<string>();
  for (const base of bases) {
    if (base.length < MIN_MASKED_LENGTH) continue;
    for (const form of encodings(base)) if (form.length >= MIN_MASKED_LENGTH) out.add(form);
  }
  return [...out];
}

function encodings(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  const b64 = bytes.toString("base64");
  const hex = bytes.toString("hex");
  return [
    value,
    JSON.stringify(value).slice(1, -1),
    b64,
    b64.replace(/=+$/, ""),
    bytes.toString("base64url"),
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    hex,
    hex.toUpperCase(),
  ];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
