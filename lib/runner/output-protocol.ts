import { formatBytes } from "../values/values";
import { JsonDepthError, parseJsonWithin } from "../json/json-depth";
import type { OversizedProtocolLine } from "./output-lines";

/**
 * Kestra's stdout protocol: a whole line `::{"outputs":{…}}::`, `::{"metrics":[…]}::` or
 * `::{"logs":[…]}::` carries data instead of text. Pure; returns null for an ordinary line.
 */
export interface ProtocolMessage {
  outputs?: Record<string, unknown>;
  metrics?: { name: string; type: string; value: number; tags?: Record<string, string> }[];
  logs?: { level: string; message: string }[];
}

/** A `::{…}::` line Osprey will not read (too long, nested too deep): the task fails with this message. */
export class ProtocolLineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtocolLineError";
  }
}

/** Reads one line; throws ProtocolLineError for data past a limit, which must not pass as text. */
export function parseProtocolLine(line: string): ProtocolMessage | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith("::{") || !trimmed.endsWith("}::")) return null;
  let value: unknown;
  try {
    value = parseJsonWithin(trimmed.slice(2, -2));
  } catch (err) {
    if (err instanceof JsonDepthError) {
      throw new ProtocolLineError(
        `a ::{…}:: line (outputs, metrics or logs) nests deeper than ${err.maxDepth} levels, the most Osprey reads (MAX_JSON_DEPTH): it was not read`,
      );
    }
    return null; // not valid JSON: an ordinary line that happens to look alike
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const msg: ProtocolMessage = {};
  if (v.outputs && typeof v.outputs === "object" && !Array.isArray(v.outputs))
    msg.outputs = v.outputs as Record<string, unknown>;
  if (Array.isArray(v.metrics)) msg.metrics = v.metrics as ProtocolMessage["metrics"];
  if (Array.isArray(v.logs)) msg.logs = v.logs as ProtocolMessage["logs"];
  return msg.outputs || msg.metrics || msg.logs ? msg : null;
}

/** What a `::{…}::` line too long to keep (see OutputLineSplitter) fails its task with. */
export function oversizedLineError(line: OversizedProtocolLine): ProtocolLineError {
  return new ProtocolLineError(
    `a ::{…}:: line (outputs, metrics or logs) of ${human(line.bytes)} is longer than ${human(line.maxBytes)}, the most one may be (OSPREY_MAX_OUTPUTS_LINE_BYTES): it was not read, so this task's outputs are incomplete`,
  );
}

const human = (n: number) => `${formatBytes(n)} (${n.toLocaleString("en-US")} bytes)`;
