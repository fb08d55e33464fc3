import { scopeOf } from "@/lib/auth/namespace-roles";
import { getDb } from "@/lib/db/db";
import { namespaceDependencies } from "@/lib/namespaces/namespace-dependencies";
import { visibleGraph } from "@/lib/namespaces/namespace-dependencies-graph";
import { DependencyGraph, DependencyList } from "@/components/namespaces/DependencyGraph";
import { namespaceContext } from "../namespace-context";

export const dynamic = "force-dynamic";

/** The Dependencies tab: which flows call or start which, across namespaces; flows the viewer may not read are left out. */
export default async function NamespaceDependenciesPage({ params }: { params: Promise<{ namespace: string }> }) {
  const { actor, namespace, rights } = await namespaceContext(params, "dependencies");
  if (!rights.read) return null;
  const graph = visibleGraph(await namespaceDependencies(await getDb(), namespace), scopeOf(actor, "flow:read").allows);
  return (
    <div className="space-y-4" data-testid="namespace-dependencies">
      <p className="text-sm text-slate-500">
        Flows of {namespace} (blue) and the flows in any namespace they run (Subflow, ForEachItem: solid) or start (Flow
        triggers: dashed), or that run or start them. Click a flow to open it.
      </p>
      {graph.nodes.length === 0 ? (
        <p className="text-sm text-slate-500">No flows here.</p>
      ) : (
        <DependencyGraph namespace={namespace} graph={graph} />
      )}
      <DependencyList graph={graph} />
    </div>
  );
}
