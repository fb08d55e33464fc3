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
  if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).parts.slice(0, 6).every((p) => p === 0)) return "IPv4-compatible IPv6";
  return null;
}
