import { pageActor } from "@/lib/auth/page-actor";
import { TokensManager } from "@/components/auth/TokensManager";

export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const actor = await pageActor("/account");
  return (
    <div className="mx-auto max-w-3xl space-y-6 p-6">
      <div>
        <h1 className="text-xl font-semibold">{actor.name}</h1>
        <p className="text-sm text-slate-500">
          {actor.email} · role <span data-testid="my-role">{actor.role}</span>
        </p>
        {actor.grants.length > 0 && (
          <p className="text-sm text-slate-500" data-testid="my-namespaces">
            and on namespaces (each with those below it):{" "}
            {actor.grants.map((g) => `${g.role} of ${g.namespace}`).join(", ")}
          </p>
        )}
      </div>
      <TokensManager />
    </div>
  );
}
