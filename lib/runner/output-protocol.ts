/**
 * Kestra's stdout protocol: a whole line `::{"outputs":{…}}::`, `::{"metrics":[…]}::` or
 * `::{"logs":[…]}::` carries data instead of text. Pure; returns null for an ordinary line.
 */
export interface ProtocolMessage {
  outputs?: Record<string, unknown>;
  metrics?: { name: string; type: string; value: number; tags?: Record<string, string> }[];
  logs?: { level: string; message: string }[];
}

export function parseProtocolLine(line: string): ProtocolMessage | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith("::{") || !trimmed.endsWith("}::")) return null;
  let value: unknown;
  try {
    value = JSON.parse(trimmed.slice(2, -2));
  } catch {
    return null; // not valid JSON: an ordinary line that happens to look alike
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const msg: ProtocolMessage = {};
  if (v.outputs && typeof v.outputs === "object" && !Array.isArray(v.outputs)) msg.outputs = v.outputs as Record<string, unknown>;
  if (Array.isArray(v.metrics)) msg.metrics = v.metrics as ProtocolMessage["metrics"];
  if (Array.isArray(v.logs)) msg.logs = v.logs as ProtocolMessage["logs"];
  return msg.outputs || msg.metrics || msg.logs ? msg : null;
}
