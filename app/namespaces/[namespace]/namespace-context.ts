import "server-only";
import { notFound } from "next/navigation";
import type { Actor } from "@/lib/auth/actor";
import { canIn } from "@/lib/auth/namespace-roles";
import { pageActor } from "@/lib/auth/page-actor";
import { ZNamespace } from "@/lib/flow/flow-schema";
import type { NamespaceRights } from "@/components/namespaces/namespace-tabs";

/** Who views a namespace page, which namespace (404 for a name no namespace can have), and what they may do there. */
export async function namespaceContext(
  params: Promise<{ namespace: string }>,
  tab: string,
): Promise<{ actor: Actor; namespace: string; rights: NamespaceRights & { write: boolean } }> {
  const raw = decoded((await params).namespace);
  const actor = await pageActor(`/namespaces/${encodeURIComponent(raw)}${tab ? `/${tab}` : ""}`);
  const parsed = ZNamespace.safeParse(raw);
  if (!parsed.success) notFound();
  const namespace = parsed.data;
  return {
    actor,
    namespace,
    rights: {
      read: canIn(actor, "flow:read", namespace),
      write: canIn(actor, "flow:write", namespace),
      manageSecrets: canIn(actor, "secret:write", namespace),
    },
  };
}

/** The segment as written: Next may hand it over still percent-encoded; a broken escape names no namespace. */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch (err) {
    if (err instanceof URIError) return segment;
    throw err;
  }
}
