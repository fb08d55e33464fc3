import { pageActor } from "@/lib/auth/page-actor";
import { canSomewhere } from "@/lib/auth/namespace-roles";
import { SecretsManager } from "@/components/secrets/SecretsManager";

export default async function SecretsPage() {
  const actor = await pageActor("/secrets");
  if (!canSomewhere(actor, "secret:write")) {
    return <p className="p-6 text-slate-600">Secrets are managed by editors and admins; your role is {actor.role}.</p>;
  }
  return <SecretsManager />;
}
