import ipaddr from "ipaddr.js";

/** Checks an OSPREY_HTTP_ALLOWED_NETWORKS entry. */
export function isNetwork(text: string): boolean {
  const address = text.split("/")[0];
  // ipaddr.js also takes inet_aton's short forms (10.1 = 10.0.0.1): only the usual ones here.
  if (!ipaddr.IPv4.isValidFourPartDecimal(address) && !(address.includes(":") && ipaddr.IPv6.isValid(address)))
    return false;
  try {
    if (text.includes("/")) ipaddr.parseCIDR(text);
    else ipaddr.parse(text);
    return true;
  } catch {
    return false;
  }
}
