import { pageActor } from "@/lib/auth/page-actor";
import { KvManager } from "@/components/kv/KvManager";

export const dynamic = "force-dynamic";

/** A namespace's KV store: `/kv?namespace=company.team`. */
export default async function KvPage({ searchParams }: { searchParams: Promise<{ namespace?: string }> }) {
  await pageActor("/kv");
  const { namespace } = await searchParams;
  return <KvManager initialNamespace={namespace ?? "company.team"} />;
}
