import "server-only";
import { z } from "zod";
import type { NamespaceScope } from "../auth/namespace-roles";
import type { Db } from "../db/create-client";
import type { Storage } from "../storage/storage";
import { ZPaging } from "../values/paging";
import { listNamespaces, type NamespaceSources } from "./namespace-list-tree";

/** Kestra's `GET /api/v1/namespaces/search` parameters: `q` (any part of the id), `page`, `size`. */
export const ZNamespaceSearch = ZPaging.extend({ q: z.string().max(150).optional() });
export type TNamespaceSearch = z.infer<typeof ZNamespaceSearch>;

/** Storage keeps namespace files under `namespaces/<namespace>/files` (lib/namespace-files). */
const FILES_ROOT = "namespaces";

/**
 * The namespaces a person may see, from flows, KV pairs, secrets and namespace files: one grouped
 * query per table (no flow's source is read) and one listing of the storage's namespaces folder.
 */
export async function searchNamespaces(
  db: Db,
  storage: Storage,
  search: TNamespaceSearch,
  scope: NamespaceScope,
  showSecrets: (namespace: string) => boolean,
) {
  const now = new Date();
  const [flows, kv, secrets, folders] = await Promise.all([
    db.flow.groupBy({ by: ["namespace"], where: { deleted: false }, _count: { _all: true } }),
    db.kvEntry.groupBy({
      by: ["namespace"],
      where: { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      _count: { _all: true },
    }),
    db.secret.groupBy({ by: ["namespace"], _count: { _all: true } }),
    storage.list(FILES_ROOT).catch((err: unknown) => {
      // The list still answers from the database when the store does not (an S3 outage).
      console.error(`[osprey] cannot list namespace files: ${(err as Error).message}`);
      return [];
    }),
  ]);
  const counts = (rows: { namespace: string; _count: { _all: number } }[]) =>
    new Map(rows.map((r) => [r.namespace, r._count._all]));
  const sources: NamespaceSources = {
    flows: counts(flows),
    kv: counts(kv),
    secrets: counts(secrets),
    files: new Set(folders.filter((f) => f.type === "directory").map((f) => f.name)),
  };
  return listNamespaces(sources, scope.allows, showSecrets, search);
}
