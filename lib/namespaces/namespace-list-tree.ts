import { ZNamespace } from "../flow/flow-schema";
import { namespaceChain } from "../secrets/namespaces";

/** What each source knows of the namespaces: counts by namespace, and the namespaces that have a files folder. */
export interface NamespaceSources {
  flows: Map<string, number>;
  kv: Map<string, number>;
  secrets: Map<string, number>;
  files: Set<string>;
}

/**
 * One namespace as the list shows it: Kestra's Namespace (`id`, `deleted`), with what it holds.
 * A parent that holds nothing itself is listed too (Kestra's `asTree`), with zeros.
 */
export interface NamespaceSummary {
  id: string;
  deleted: false;
  flowCount: number;
  kvCount: number;
  /** Absent where the person may not manage secrets. */
  secretCount?: number;
  hasFiles: boolean;
}

export interface NamespacePage {
  q?: string;
  page: number;
  size: number;
}

/**
 * Every namespace the sources name, with its parents, that `allows` lets the person see, filtered
 * by `q` (any part of the id, ignoring case), sorted by id, one page of them with the total.
 */
export function listNamespaces(
  sources: NamespaceSources,
  allows: (namespace: string) => boolean,
  showSecrets: (namespace: string) => boolean,
  page: NamespacePage,
): { total: number; results: NamespaceSummary[] } {
  const named = new Set<string>([
    ...sources.flows.keys(),
    ...sources.kv.keys(),
    ...sources.secrets.keys(),
    ...sources.files,
  ]);
  const all = new Set<string>();
  // A folder or row that is no namespace (written by hand into storage) is not listed.
  for (const ns of named) if (ZNamespace.safeParse(ns).success) for (const id of namespaceChain(ns)) all.add(id);
  const q = page.q?.toLowerCase();
  const ids = [...all].filter((id) => allows(id) && (!q || id.toLowerCase().includes(q))).sort();
  const results = ids.slice((page.page - 1) * page.size, page.page * page.size).map(
    (id): NamespaceSummary => ({
      id,
      deleted: false,
      flowCount: sources.flows.get(id) ?? 0,
      kvCount: sources.kv.get(id) ?? 0,
      ...(showSecrets(id) ? { secretCount: sources.secrets.get(id) ?? 0 } : {}),
      hasFiles: sources.files.has(id),
    }),
  );
  return { total: ids.length, results };
}
