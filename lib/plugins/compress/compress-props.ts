import { toNumber } from "../../values/values";
import {
  ARCHIVE_ALGORITHMS,
  COMPRESSION_ALGORITHMS,
  DEFAULT_MAX_SIZE,
  MAX_ENTRIES,
  type TArchiveAlgorithm,
  type TCompressionAlgorithm,
} from "./compress-schemas";

// The compress tasks' properties arrive rendered: an enum is its name, a number may be a string.

export type Props = Record<string, unknown>;

/** Caps on what reading compressed data may produce. */
export interface ReadLimits {
  maxEntries: number;
  maxSize: number;
}

/** `from` as a stored file's URI. */
export function fromUri(props: Props): string {
  const from = props.from;
  if (typeof from !== "string" || from.trim() === "") throw new Error("from is required: the URI of a stored file");
  return from.trim();
}

function enumValue<T extends string>(props: Props, name: string, allowed: readonly T[]): T | undefined {
  const value = props[name];
  if (value === undefined || value === null || value === "") return undefined;
  const text = String(value).trim();
  if (!(allowed as readonly string[]).includes(text))
    throw new Error(`${name} must be one of ${allowed.join(", ")}, got "${text}"`);
  return text as T;
}

export function archiveAlgorithm(props: Props): TArchiveAlgorithm {
  const algorithm = enumValue(props, "algorithm", ARCHIVE_ALGORITHMS);
  if (!algorithm) throw new Error(`algorithm is required: one of ${ARCHIVE_ALGORITHMS.join(", ")}`);
  return algorithm;
}

/** The optional compression of an archive. */
export function archiveCompression(props: Props): TCompressionAlgorithm | undefined {
  return enumValue(props, "compression", COMPRESSION_ALGORITHMS);
}

/** The required compression of a single file. */
export function fileCompression(props: Props): TCompressionAlgorithm {
  const compression = enumValue(props, "compression", COMPRESSION_ALGORITHMS);
  if (!compression) throw new Error(`compression is required: one of ${COMPRESSION_ALGORITHMS.join(", ")}`);
  return compression;
}

function positiveInt(props: Props, name: string, fallback: number): number {
  const n = toNumber(props[name], name) ?? fallback;
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a whole number above 0, got ${String(props[name])}`);
  return n;
}

export function readLimits(props: Props): ReadLimits {
  const maxEntries = positiveInt(props, "maxEntries", MAX_ENTRIES);
  // More entries is more stored files and rows: a flow may lower the ceiling, not raise it.
  if (maxEntries > MAX_ENTRIES) throw new Error(`maxEntries may be at most ${MAX_ENTRIES}, got ${maxEntries}`);
  return { maxEntries, maxSize: positiveInt(props, "maxSize", DEFAULT_MAX_SIZE) };
}
