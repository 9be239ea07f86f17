import ipaddr from "ipaddr.js";

// Which network addresses a webhook may be sent to. A webhook URL is typed by an admin but
// requested by the server, from inside its network: without a check, an endpoint on
// http://169.254.169.254/ or http://10.0.0.5:5432/ makes Rateline probe (and report on) hosts
// that only it can reach. So only public unicast addresses are allowed: loopback, private
// (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16, where cloud metadata lives;
// fe80::/10), carrier-grade NAT (100.64/10), unspecified, broadcast, multicast, reserved and
// documentation ranges, and IPv6 forms that embed an IPv4 address (6to4, NAT64, Teredo) are
// refused. ipaddr.js classifies each address (`range()` is "unicast" only for the rest), and
// `process` reads an IPv4-mapped IPv6 address (::ffff:127.0.0.1) as the IPv4 address it is.
//
// RATELINE_WEBHOOK_ALLOW_HOSTS names exceptions for private deployments and tests: host names
// (any address they resolve to is accepted: the operator vouches for that name), addresses and
// CIDR ranges.

export type AddressPolicy = {
  /** Lower-case host names whose every address is allowed. */
  hosts: ReadonlySet<string>;
  ranges: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
};

export const PUBLIC_ONLY: AddressPolicy = { hosts: new Set(), ranges: [] };

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** The allow-list from its comma-separated form; throws an Error naming the first entry it cannot read. */
export function parseAllowList(value: string | undefined): AddressPolicy {
  const hosts = new Set<string>();
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const raw of (value ?? "").split(",")) {
    const entry = raw.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
    if (entry === "") continue;
    if (ipaddr.isValidCIDR(entry)) {
      const [address, bits] = ipaddr.parseCIDR(entry);
      ranges.push(address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress() ? [(address as ipaddr.IPv6).toIPv4Address(), Math.max(0, bits - 96)] : [address, bits]);
    } else if (ipaddr.isValid(entry)) {
      const address = ipaddr.process(entry);
      ranges.push([address, address.kind() === "ipv4" ? 32 : 128]);
    } else if (HOST_NAME.test(entry)) {
      hosts.add(entry);
    } else {
      throw new Error(`cannot read "${raw.trim()}": give host names, IP addresses or CIDR ranges, separated by commas`);
    }
  }
  return { hosts, ranges };
}

/** The host of a URL as a bare name or address (no IPv6 brackets, no trailing dot), lower-case. */
export function urlHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "").toLowerCase();
}

export function isIpLiteral(host: string): boolean {
  return ipaddr.isValid(host);
}

export function hostIsAllowListed(host: string, policy: AddressPolicy): boolean {
  return policy.hosts.has(host.toLowerCase());
}

/** True when a request may be sent to this address (public unicast, or allow-listed). */
export function addressAllowed(address: string, policy: AddressPolicy): boolean {
  if (!ipaddr.isValid(address)) return false;
  const ip = ipaddr.process(address);
  if (policy.ranges.some(([range, bits]) => range.kind() === ip.kind() && ip.match(range, bits))) return true;
  return ip.range() === "unicast";
}
