/** The tabs of a namespace page, in order, each with the last segment of its address ("" for Overview). */
export const NAMESPACE_TABS = [
  { slug: "", label: "Overview" },
  { slug: "flows", label: "Flows" },
  { slug: "executions", label: "Executions" },
  { slug: "files", label: "Files" },
  { slug: "kv", label: "KV" },
  { slug: "secrets", label: "Secrets" },
  { slug: "dependencies", label: "Dependencies" },
] as const;

export type NamespaceTabSlug = (typeof NAMESPACE_TABS)[number]["slug"];

/** What a person may do in the namespace, as far as the tabs care. */
export interface NamespaceRights {
  read: boolean;
  manageSecrets: boolean;
}

/** The tabs this person sees: none without a role there; Secrets only to those who manage them. */
export function visibleTabs(rights: NamespaceRights) {
  if (!rights.read) return [];
  return NAMESPACE_TABS.filter((t) => t.slug !== "secrets" || rights.manageSecrets);
}

/** A tab's address. */
export function tabHref(namespace: string, slug: NamespaceTabSlug): string {
  const base = `/namespaces/${encodeURIComponent(namespace)}`;
  return slug ? `${base}/${slug}` : base;
}
