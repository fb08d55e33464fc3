import { listOf, type TConfig } from "../config";
import type { AddressAllowance } from "./address-policy";
import { checkedAddress } from "./checked-agents";
import { checkHostAllowed } from "./host-allowlist";

/** The protocols a plugin connects with itself (not over HTTP), each with its admin's host list. */
const HOST_LISTS = {
  smtp: { setting: "OSPREY_MAIL_HOSTS", refusal: "email may not go to" },
  git: { setting: "OSPREY_GIT_HOSTS", refusal: "git may not go to" },
  sql: { setting: "OSPREY_SQL_HOSTS", refusal: "SQL connections may not go to" },
} as const;
export type ConnectProtocol = keyof typeof HOST_LISTS;

/**
 * The address to connect to for a host a flow names: the host checked against the admin's list for
 * its protocol, then each address it resolves to against the address rules (OSPREY_HTTP_*).
 * The caller connects to the address returned, so the name cannot resolve elsewhere in between.
 */
export function hostConnector(config: TConfig, allowance: AddressAllowance) {
  return async (host: string, protocol: ConnectProtocol): Promise<string> => {
    const { setting, refusal } = HOST_LISTS[protocol];
    checkHostAllowed(host, listOf(config[setting]), setting, refusal);
    return checkedAddress(host, allowance);
  };
}
