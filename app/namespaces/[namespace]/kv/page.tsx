import { KvManager } from "@/components/kv/KvManager";
import { namespaceContext } from "../namespace-context";

export const dynamic = "force-dynamic";

/** The KV tab: the namespace's key-value pairs (the old `/kv?namespace=` page, in place). */
export default async function NamespaceKvPage({ params }: { params: Promise<{ namespace: string }> }) {
  const { namespace, rights } = await namespaceContext(params, "kv");
  if (!rights.read) return null;
  return (
    <div className="-mx-6 -mt-6" data-testid="namespace-kv">
      <KvManager initialNamespace={namespace} fixed />
    </div>
  );
}
