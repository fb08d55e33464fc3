import { pageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/roles";
import { UsersManager } from "@/components/auth/UsersManager";

export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const actor = await pageActor("/users");
  if (!can(actor.role, "user:manage")) return <p className="p-6 text-slate-600">Only admins manage users.</p>;
  return <UsersManager selfId={actor.userId} />;
}
