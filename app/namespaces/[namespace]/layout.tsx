import Link from "next/link";
import { namespaceChain } from "@/lib/secrets/namespaces";
import { NoRoleHere } from "@/components/auth/NoRoleHere";
import { NamespaceTabs } from "@/components/namespaces/NamespaceTabs";
import { namespaceContext } from "./namespace-context";

export const dynamic = "force-dynamic";

/** A namespace as a place: its name with links to its parents, and the tabs this person may see. */
export default async function NamespaceLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ namespace: string }>;
}) {
  const { namespace, rights } = await namespaceContext(params, "");
  const parents = namespaceChain(namespace).slice(1).reverse();
  return (
    <div className="mx-auto max-w-7xl px-6 pt-4">
      <p className="text-xs text-slate-500">
        <Link href="/namespaces" className="hover:underline">
          Namespaces
        </Link>
        {parents.map((p) => (
          <span key={p}>
            {" / "}
            <Link href={`/namespaces/${encodeURIComponent(p)}`} className="hover:underline">
              {p}
            </Link>
          </span>
        ))}
      </p>
      <h1 className="mb-3 font-mono text-xl font-semibold" data-testid="namespace-title">
        {namespace}
      </h1>
      {rights.read ? (
        <>
          <NamespaceTabs namespace={namespace} rights={rights} />
          <div className="py-4">{children}</div>
        </>
      ) : (
        <NoRoleHere namespace={namespace} />
      )}
    </div>
  );
}
