import { HttpClientError } from "./http-errors";

/**
 * An admin's list of the hosts flows may reach for one purpose (OSPREY_NOTIFICATION_HOSTS,
 * OSPREY_MAIL_HOSTS, OSPREY_GIT_HOSTS): exact names or `*.example.com`. Empty: any host the address
 * rules allow. Throws, naming the setting, when `host` is not on a list that is set.
 */
export function checkHostAllowed(
  host: string,
  allowed: readonly string[],
  setting: string,
  /** How the refusal starts, the host after it: "notifications may not be sent to". */
  refusal: string,
): void {
  if (allowed.length === 0) return;
  const name = host.toLowerCase().replace(/^\[|\]$/g, "");
  const ok = allowed.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.startsWith("*.") ? name.endsWith(p.slice(1)) : name === p;
  });
  if (!ok) throw new HttpClientError(`${refusal} ${name}: an admin allows only ${allowed.join(", ")} (${setting})`);
}
