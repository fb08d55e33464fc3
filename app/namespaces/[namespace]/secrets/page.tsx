import { roleIn } from "@/lib/auth/namespace-roles";
import { SecretsManager } from "@/components/secrets/SecretsManager";
import { namespaceContext } from "../namespace-context";

export const dynamic = "force-dynamic";

/** The Secrets tab: names only, for those who manage secrets here (the tab is hidden from others). */
export default async function NamespaceSecretsPage({ params }: { params: Promise<{ namespace: string }> }) {
  const { actor, namespace, rights } = await namespaceContext(params, "secrets");
  if (!rights.read) return null;
  if (!rights.manageSecrets)
    return (
      <p className="text-slate-600" data-testid="secrets-refused">
        Secrets are managed by editors and admins; your role in {namespace} is {roleIn(namespace, actor)}.
      </p>
    );
  return (
    <div className="-mx-6 -mt-6" data-testid="namespace-secrets">
      <SecretsManager fixed={namespace} />
    </div>
  );
}
