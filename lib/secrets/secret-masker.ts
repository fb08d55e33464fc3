export const MASK = "****";
/** Shorter values are not masked: masking "ab" would blank every "ab" in every log. */
export const MIN_MASKED_LENGTH = 4;

/**
 * Replaces secret values in log text with ****. Besides the literal value it masks the forms a
 * script most often prints by accident: base64 (standard and URL-safe, with or without padding)
 * and URL-encoding. Pure; one compiled pattern for all values, longest first.
 */
export class SecretMasker {
  private readonly values = new Set<string>();
  private pattern: RegExp | null = null;

  add(value: string): void {
    if (value.length < MIN_MASKED_LENGTH) return;
    const before = this.values.size;
    for (const form of forms(value)) if (form.length >= MIN_MASKED_LENGTH) this.values.add(form);
    if (this.values.size !== before) this.pattern = null;
  }

  get size(): number {
    return this.values.size;
  }

  mask(text: string): string {
    if (this.values.size === 0) return text;
    this.pattern ??= new RegExp([...this.values].sort((a, b) => b.length - a.length).map(escape).join("|"), "g");
    return text.replace(this.pattern, MASK);
  }
}

function forms(value: string): string[] {
  const b64 = Buffer.from(value, "utf8").toString("base64");
  const b64url = Buffer.from(value, "utf8").toString("base64url");
  return [value, b64, b64.replace(/=+$/, ""), b64url, encodeURIComponent(value)];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
