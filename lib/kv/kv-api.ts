import "server-only";
import { config } from "../config";
import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import { ValueError } from "../values/values";
import { deleteKv, getKv, listKv, putKv } from "./kv-store";
import { KvValueError, parseApiValue, ttlMs, typeOf } from "../values/kv-value";

const PREVIEW_CHARS = 200;

/** Kestra's KVEntry (key, creationDate, updateDate, expirationDate), with the type and a preview for the page. */
export async function listKvForApi(db: Db, namespace: string) {
  return (await listKv(db, namespace)).map((e) => {
    const text = typeof e.value === "string" ? e.value : JSON.stringify(e.value);
    return {
      key: e.key,
      type: e.type,
      preview: text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text,
      creationDate: e.createdAt.toISOString(),
      updateDate: e.updatedAt.toISOString(),
      expirationDate: e.expiresAt?.toISOString() ?? null,
    };
  });
}

/** Kestra's TypedValue: `{type, value}`; 404 when the key has no live value. */
export async function getKvForApi(db: Db, namespace: string, key: string) {
  const entry = await getKv(db, namespace, key);
  if (!entry) throw new AppError("NOT_FOUND", `no value for key ${key} in namespace ${namespace}`);
  return { type: entry.type, value: entry.value };
}

/** PUT: the body is the value as JSON (`"text"`, `42`, `{…}`; other text is a string), `ttl` header an ISO-8601 duration. */
export async function putKvFromApi(
  db: Db,
  namespace: string,
  key: string,
  body: string,
  ttl: string | null,
): Promise<void> {
  try {
    const value = parseApiValue(body);
    await putKv(db, { namespace, key, type: typeOf(value), value, ttlMs: ttlMs(ttl ?? undefined) }, config);
  } catch (err) {
    if (AppError.is(err)) throw err;
    if (err instanceof KvValueError || err instanceof ValueError) throw new AppError("BAD_REQUEST", err.message);
    throw err;
  }
}

export async function deleteKvForApi(db: Db, namespace: string, key: string): Promise<boolean> {
  return deleteKv(db, namespace, key);
}

/** Kestra's bulk delete: the keys that had a value. */
export async function deleteKeysForApi(db: Db, namespace: string, keys: string[]): Promise<string[]> {
  const deleted: string[] = [];
  for (const key of keys) if (await deleteKv(db, namespace, key)) deleted.push(key);
  return deleted;
}
