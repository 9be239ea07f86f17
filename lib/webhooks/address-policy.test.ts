import { describe, expect, it } from "vitest";
import { addressAllowed, parseAllowList, PUBLIC_ONLY } from "./address-policy";

describe("webhook address policy", () => {
  it.each([
    ["127.0.0.1", false],
    ["127.8.9.10", false],
    ["::1", false],
    ["::ffff:127.0.0.1", false],
    ["10.0.0.5", false],
    ["172.16.0.1", false],
    ["172.31.255.255", false],
    ["192.168.1.1", false],
    ["fc00::1", false],
    ["fd00:ec2::254", false],
    ["169.254.169.254", false],
    ["fe80::1", false],
    ["100.64.0.1", false],
    ["100.100.100.200", false],
    ["0.0.0.0", false],
    ["::", false],
    ["224.0.0.1", false],
    ["ff02::1", false],
    ["255.255.255.255", false],
    ["192.0.2.1", false],
    ["64:ff9b::a00:5", false],
    ["2002:a00:5::", false],
    ["8.8.8.8", true],
    ["172.32.0.1", true],
    ["2606:4700:4700::1111", true],
    ["not an address", false],
  ])("%s is allowed: %s", (address, allowed) => {
    expect(addressAllowed(address, PUBLIC_ONLY)).toBe(allowed);
  });

  it("lets an allow-list open addresses, ranges and host names", () => {
    const policy = parseAllowList(" 127.0.0.1, 10.0.0.0/8 ,hooks.internal, [::1], ::ffff:192.168.0.0/112");
    expect(addressAllowed("127.0.0.1", policy)).toBe(true);
    expect(addressAllowed("127.0.0.2", policy)).toBe(false);
    expect(addressAllowed("10.200.0.1", policy)).toBe(true);
    expect(addressAllowed("::ffff:10.1.1.1", policy)).toBe(true);
    expect(addressAllowed("::1", policy)).toBe(true);
    expect(addressAllowed("192.168.3.4", policy)).toBe(true);
    expect(addressAllowed("169.254.169.254", policy)).toBe(false);
    expect(policy.hosts).toEqual(new Set(["hooks.internal"]));
  });

  it("refuses an entry it cannot read", () => {
    expect(() => parseAllowList("10.0.0.0/33")).toThrow(/cannot read "10.0.0.0\/33"/);
    expect(() => parseAllowList("http://x")).toThrow(/cannot read/);
    expect(parseAllowList(undefined)).toEqual({ hosts: new Set(), ranges: [] });
  });
});
