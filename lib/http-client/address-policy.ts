import ipaddr from "ipaddr.js";

/**
 * Whether an HTTP task may connect to `address` (an IP, v4 or v6). Only global unicast passes:
 * loopback, private, link-local, CGNAT, multicast, unspecified, broadcast, reserved and the
 * documentation/benchmark ranges are refused, and so are IPv6 forms that carry an IPv4 address
 * (mapped, compatible, 6to4, Teredo, NAT64), the mapped one judged by the IPv4 inside.
 * Returns the range's name when refused, null when allowed.
 */
export function refusedRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return "not an IP address";
  let ip = ipaddr.parse(address);
  if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const range = ip.range();
  if (range !== "unicast") return range;
  // ::a.b.c.d (IPv4-compatible, deprecated): ipaddr.js calls these unicast.
  if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).parts.slice(0, 6).every((p) => p === 0))
    return "IPv4-compatible IPv6";
  return null;
}

/** What an admin opened up: everything (OSPREY_HTTP_ALLOW_PRIVATE), or some networks (OSPREY_HTTP_ALLOWED_NETWORKS). */
export interface AddressAllowance {
  allowPrivate: boolean;
  /** Addresses or CIDRs, e.g. `10.1.2.0/24`, `192.168.1.5`, `fd00::/8`. */
  allowedNetworks?: string[];
}

/** Why `address` is refused under `allowance`, or null when it may be reached. */
export function refusal(address: string, allowance: AddressAllowance): string | null {
  if (allowance.allowPrivate) return null;
  const range = refusedRange(address);
  if (range === null || range === "not an IP address") return range;
  return allowance.allowedNetworks?.some((network) => inNetwork(address, network)) ? null : range;
}

function inNetwork(address: string, network: string): boolean {
  const ip = ipaddr.process(address);
  const [base, bits] = network.includes("/")
    ? ipaddr.parseCIDR(network)
    : [ipaddr.process(network), ipaddr.process(network).kind() === "ipv4" ? 32 : 128];
  const normalized =
    base.kind() === "ipv6" && (base as ipaddr.IPv6).isIPv4MappedAddress()
      ? (base as ipaddr.IPv6).toIPv4Address()
      : base;
  return ip.kind() === normalized.kind() && ip.match(normalized, bits);
}
