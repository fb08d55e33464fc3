import type { TConfig } from "../config";
import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import { JsonDepthError, MAX_JSON_DEPTH, valueDepth } from "../json/json-depth";
import type { KvSnapshot } from "./kv-lookup";
import { checkKey, KvValueError, type TKvType } from "../values/kv-value";

export interface KvEntryView {
  namespace: string;
  key: string;
  type: TKvType;
  value: unknown;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PutKv {
  namespace: string;
  key: string;
  type: TKvType;
  value: unknown;
  /** Time to live; none: kept until deleted. */
  ttlMs?: number;
  /** false: refuse to replace a live value (Kestra's `overwrite: false`). Default true. */
  overwrite?: boolean;
  /** The clock (tests move it). */
  now?: Date;
}

type Row = {
  id: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

const view = (row: Row): KvEntryView => ({
  ...row,
  type: row.type as TKvType,
  value: JSON.parse(row.value) as unknown,
});
const live = (row: Row | null, now: Date): boolean => row !== null && (row.expiresAt === null || row.expiresAt > now);
/** Rows still alive at `now` (an expired row is as good as gone until it is removed). */
const liveWhere = (now: Date) => ({ OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] });

/** The caps on every KV write, from the API and from tasks alike (the server's config). */
export type KvCaps = Pick<TConfig, "OSPREY_MAX_KV_KEY_CHARS" | "OSPREY_MAX_KV_VALUE_BYTES">;

/**
 * Every KV write goes through here (the API, kv.Set, state.Set), so the caps hold whoever writes:
 * the key by Kestra's rule and OSPREY_MAX_KV_KEY_CHARS, the value's JSON by MAX_JSON_DEPTH and
 * OSPREY_MAX_KV_VALUE_BYTES. A refusal is a KvValueError naming the setting.
 */
export async function putKv(db: Db, put: PutKv, caps: KvCaps): Promise<KvEntryView> {
  const now = put.now ?? new Date();
  const key = checkKey(put.key, caps.OSPREY_MAX_KV_KEY_CHARS);
  const value = storedValue(put.value, caps.OSPREY_MAX_KV_VALUE_BYTES);
  const where = { namespace_key: { namespace: put.namespace, key } };
  if (put.overwrite === false && live(await db.kvEntry.findUnique({ where }), now)) {
    throw new AppError(
      "CONFLICT",
      `the key ${key} already exists in namespace ${put.namespace} and overwrite is false`,
    );
  }
  const data = {
    type: put.type,
    value,
    expiresAt: put.ttlMs === undefined ? null : new Date(now.getTime() + put.ttlMs),
    updatedAt: now,
  };
  return view(
    await db.kvEntry.upsert({
      where,
      create: { namespace: put.namespace, key, createdAt: now, ...data },
      update: data,
    }),
  );
}

/** The value as stored (JSON text), refused when too deep to serialize or larger than `maxBytes`. */
function storedValue(value: unknown, maxBytes: number): string {
  // Checked first: JSON.stringify recurses and would overflow the stack on a deep value.
  if (valueDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    throw new KvValueError(`a KV value's ${new JsonDepthError(MAX_JSON_DEPTH).message}`);
  const json = JSON.stringify(value ?? null);
  const bytes = Buffer.byteLength(json, "utf8");
  if (bytes > maxBytes)
    throw new KvValueError(
      `a KV value may be at most ${maxBytes} bytes of JSON (OSPREY_MAX_KV_VALUE_BYTES), this one is ${bytes}`,
    );
  return json;
}

/** One namespace's entry for `key`, or null (an expired one is removed on the way). */
export async function getKv(db: Db, namespace: string, key: string, now = new Date()): Promise<KvEntryView | null> {
  const row = await db.kvEntry.findUnique({ where: { namespace_key: { namespace, key } } });
  if (row === null) return null;
  if (live(row, now)) return view(row);
  await db.kvEntry.deleteMany({ where: { id: row.id, expiresAt: { lte: now } } });
  return null;
}

/** Whether a live value was there to delete. */
export async function deleteKv(db: Db, namespace: string, key: string, now = new Date()): Promise<boolean> {
  const existed = (await getKv(db, namespace, key, now)) !== null;
  await db.kvEntry.deleteMany({ where: { namespace, key } });
  return existed;
}

/** A namespace's live entries by key, optionally only keys starting with `prefix`. */
export async function listKv(
  db: Db,
  namespace: string,
  options: { prefix?: string; now?: Date } = {},
): Promise<KvEntryView[]> {
  const now = options.now ?? new Date();
  await purgeExpiredKv(db, now, namespace);
  const rows = await db.kvEntry.findMany({
    where: { namespace, ...(options.prefix ? { key: { startsWith: options.prefix } } : {}), ...liveWhere(now) },
    orderBy: { key: "asc" },
  });
  // SQLite's LIKE (behind startsWith) ignores case: Kestra's prefix is case-sensitive.
  return rows.filter((r) => !options.prefix || r.key.startsWith(options.prefix)).map(view);
}

/** Live values of these namespaces, for `kv()` in a render. */
export async function loadKvSnapshot(db: Db, namespaces: string[], now = new Date()): Promise<KvSnapshot> {
  const rows = await db.kvEntry.findMany({ where: { namespace: { in: namespaces }, ...liveWhere(now) } });
  // Every namespace asked for is present, empty or not: kv() tells "not loaded" from "no such key".
  const out: KvSnapshot = Object.fromEntries(namespaces.map((ns) => [ns, {}]));
  for (const row of rows) (out[row.namespace] ??= {})[row.key] = JSON.parse(row.value) as unknown;
  return out;
}

/** Removes expired entries (all, or one namespace's); returns how many. */
export async function purgeExpiredKv(db: Db, now = new Date(), namespace?: string): Promise<number> {
  const { count } = await db.kvEntry.deleteMany({
    where: { expiresAt: { lte: now }, ...(namespace ? { namespace } : {}) },
  });
  return count;
}
