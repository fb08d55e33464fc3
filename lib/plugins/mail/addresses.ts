import addressparser from "nodemailer/lib/addressparser";

const MAILBOX = /^[^\s@]+@[^\s@]+$/;

/**
 * Recipients as Kestra reads them: one string with the addresses separated by `;` (simple-java-mail
 * also splits on `,`), or a list. A separator counts only after an address's `@`, as simple-java-mail
 * splits, so `"Doe, Jane" <jane@x.io>` stays one address. Each one is checked: a typo fails the task
 * before anything is sent.
 */
export function addressList(value: unknown, property: string): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value.map(String) : [String(value)];
  const addresses = items.flatMap(splitAfterAt).filter((a) => a !== "");
  for (const address of addresses) {
    const parsed = addressparser(address, { flatten: true });
    if (parsed.length !== 1 || !MAILBOX.test(parsed[0].address))
      throw new Error(`${property}: "${address}" is not an email address`);
  }
  return addresses;
}

function splitAfterAt(text: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  let seenAt = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === "@" && !quoted) seenAt = true;
    if ((ch === ";" || ch === ",") && !quoted && seenAt) {
      out.push(current.trim());
      current = "";
      seenAt = false;
    } else current += ch;
  }
  out.push(current.trim());
  return out;
}
