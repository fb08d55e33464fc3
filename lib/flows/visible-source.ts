import { canIn, type Person } from "../auth/namespace-roles";
import { maskWebhookKeys } from "../flow/mask-webhook-keys";

/**
 * A webhook key starts the flow without an account, so it is for those who may edit the flow (and
 * could set the key anyway): editors and admins in its namespace. Anyone else reads flow sources
 * and triggers with the keys masked.
 */
export function seesWebhookKeys(person: Person, namespace: string): boolean {
  return canIn(person, "flow:write", namespace);
}

/** A flow's (or revision's) YAML as this person may read it: as saved, or with its webhook keys masked. */
export function visibleSource(person: Person, namespace: string, source: string): string {
  return seesWebhookKeys(person, namespace) ? source : maskWebhookKeys(source);
}
