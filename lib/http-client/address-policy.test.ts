import { describe, expect, it } from "vitest";
import { isNetwork } from "../values/network";
import { refusal, refusedRange } from "./address-policy";

describe("addresses an HTTP task may reach", () => {
  it.each([
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.0.0.1", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "linkLocal"],
    ["100.64.0.1", "carrierGradeNat"],
    ["100.127.255.255", "carrierGradeNat"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["192.0.2.1", "reserved"],
  ])("refuses IPv4 %s (%s)", (address, range) => {
    expect(refusedRange(address)).toBe(range);
  });

  it.each([
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["fe80::1", "linkLocal"],
    ["fc00::1", "uniqueLocal"],
    ["fd12:3456::1", "uniqueLocal"],
    ["ff02::1", "multicast"],
    ["2002:7f00:1::", "6to4"],
    ["2001:0:4136:e378::1", "teredo"],
    ["64:ff9b::7f00:1", "rfc6052"],
    ["2001:db8::1", "reserved"],
  ])("refuses IPv6 %s (%s)", (address, range) => {
    expect(refusedRange(address)).toBe(range);
  });

  it("judges an IPv4-mapped IPv6 address by the IPv4 inside", () => {
    expect(refusedRange("::ffff:127.0.0.1")).toBe("loopback");
    expect(refusedRange("::ffff:7f00:1")).toBe("loopback");
    expect(refusedRange("::ffff:10.1.2.3")).toBe("private");
    expect(refusedRange("::ffff:169.254.169.254")).toBe("linkLocal");
    expect(refusedRange("::ffff:93.184.216.34")).toBeNull();
  });

  it("refuses IPv4-compatible IPv6 (::a.b.c.d)", () => {
    // As the URL parser writes them: [::127.0.0.1] becomes [::7f00:1].
    expect(refusedRange("::7f00:1")).toBe("IPv4-compatible IPv6");
    expect(refusedRange("::808:808")).toBe("IPv4-compatible IPv6");
  });

  it("allows public unicast, v4 and v6, just outside the private ranges", () => {
    for (const address of [
      "93.184.216.34",
      "8.8.8.8",
      "172.32.0.1",
      "100.128.0.1",
      "11.0.0.1",
      "2606:4700:4700::1111",
      "2a00:1450:4007:80c::200e",
    ]) {
      expect(refusedRange(address), address).toBeNull();
    }
  });

  it("refuses what is not an address", () => {
    expect(refusedRange("localhost")).toBe("not an IP address");
  });
});

describe("what an admin opened up", () => {
  it("allows every address with OSPREY_HTTP_ALLOW_PRIVATE", () => {
    expect(refusal("127.0.0.1", { allowPrivate: true })).toBeNull();
    expect(refusal("::1", { allowPrivate: true })).toBeNull();
  });
  it("allows only the listed networks, the IPv4 inside a mapped address included", () => {
    const allowance = { allowPrivate: false, allowedNetworks: ["10.1.2.0/24", "127.0.0.1", "fd00::/8"] };
    expect(refusal("10.1.2.200", allowance)).toBeNull();
    expect(refusal("::ffff:10.1.2.7", allowance)).toBeNull();
    expect(refusal("127.0.0.1", allowance)).toBeNull();
    expect(refusal("fd00::5", allowance)).toBeNull();
    expect(refusal("10.1.3.1", allowance)).toBe("private");
    expect(refusal("127.0.0.2", allowance)).toBe("loopback");
    expect(refusal("fe80::1", allowance)).toBe("linkLocal");
    expect(refusal("8.8.8.8", allowance)).toBeNull();
  });
  it("tells a network entry from a typo", () => {
    expect(isNetwork("10.0.0.0/8")).toBe(true);
    expect(isNetwork("::1")).toBe(true);
    expect(isNetwork("10.0.0/8")).toBe(false);
    expect(isNetwork("intranet")).toBe(false);
  });
});
