import type { Person } from "../auth/namespace-roles";
import { refusal } from "../auth/refusal";
import type { Db } from "../db/create-client";

/**
 * Who may run a flow in the playground: who may run it (`execution:run`, checked by the route), and
 * for a flow not saved yet, who may also create it there (`flow:write`): a draft is a flow being
 * written, so running it asks for the role that writes it.
 */
export async function assertMayRunDraft(db: Db, person: Person, namespace: string, flowId: string): Promise<void> {
  const saved = await db.flow.findUnique({
    where: { namespace_flowId: { namespace, flowId } },
    select: { deleted: true },
  });
  if (saved && !saved.deleted) return;
  const refused = refusal(person, "flow:write", { namespace });
  if (refused) throw refused;
}
