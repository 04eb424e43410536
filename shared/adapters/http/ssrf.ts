/**
 * The SSRF guard of outgoing webhooks. A URL is refused unless it is https (or http for a target
 * that allows it) and its host is neither written as nor resolves to a loopback, private,
 * link-local, CGNAT, unique-local, multicast, reserved or cloud-metadata address
 * (169.254.169.254, fd00:ec2::254). Literal spellings are normalised by the WHATWG URL parser
 * (decimal `2130706433`, octal `0177.0.0.1`, hex `0x7f.1`, short `127.1` all become
 * `127.0.0.1`), IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4) are
 * checked as that address, and names are checked on every DNS answer at connect time through
 * the socket's `lookup`, so a rebinding answer between check and connect cannot slip through.
 * Hosts on the explicit allowlist (a Jenkins inside the VPC) pass.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { HttpDeliveryError } from './postJson';

/** Refused by the SSRF guard: never retried. */
export class SsrfRefusedError extends HttpDeliveryError {
  override readonly name: string = 'SsrfRefusedError';
  constructor(message: string) {
    super(message, undefined, false);
  }
}

export interface SsrfPolicy {
  /** Plain http is allowed (per target). */
  readonly allowHttp: boolean;
  /** Host names and IP addresses allowed although private (lower case, as the URL parser writes them). */
  readonly allowHosts: readonly string[];
}

/** Resolves a name to all its addresses (dns.lookup with `all: true`; tests inject their own). */
export type Resolve = (hostname: string) => Promise<readonly LookupAddress[]>;

export const systemResolve: Resolve = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, EC2 metadata 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments (incl. 192.0.0.192 Oracle metadata)
  ['192.0.2.0', 24],
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  // IPv4-mapped addresses (::ffff:a.b.c.d) are matched by the IPv4 rules above (BlockList maps them).
  ['::', 96], // unspecified, loopback ::1, IPv4-compatible (deprecated)
  ['64:ff9b::', 96], // NAT64 well-known prefix
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 32], // Teredo (embeds an obfuscated IPv4 address)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4 (embeds an IPv4 address)
  ['fc00::', 7], // unique-local, incl. EC2 metadata fd00:ec2::254
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** True for an address (IPv4 or IPv6, any textual form `net.isIP` accepts) that a webhook must not reach. */
export function isBlockedAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, 'ipv4');
  if (family === 6) return blocked.check(bare, 'ipv6');
  // Not an address at all: refuse rather than guess.
  return true;
}

function isAllowed(hostname: string, policy: SsrfPolicy): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
  return policy.allowHosts.some((allowed) => allowed.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '') === host);
}

/**
 * Checks a URL before any connection: scheme, credentials, and IP-literal hosts. Names are
 * checked later, on their DNS answers (`guardedLookup`). Returns the parsed URL.
 */
export function checkUrl(raw: string, policy: SsrfPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SsrfRefusedError('webhook URL is not a valid absolute URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    throw new SsrfRefusedError(`webhook URL scheme ${url.protocol} refused (https only unless the target sets allowHttp)`);
  }
  if (url.username !== '' || url.password !== '') throw new SsrfRefusedError('webhook URL with credentials refused');
  if (isAllowed(url.hostname, policy)) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) {
    if (isBlockedAddress(host)) throw new SsrfRefusedError(`webhook host ${url.hostname} is a private, loopback, link-local or reserved address`);
    return url;
  }
  // The URL parser turns every IPv4 spelling into dotted decimal; a host that still ends in a
  // number is an invalid one, not a name.
  if (/^[0-9.]+$/.test(host) || /^0x/i.test(host)) throw new SsrfRefusedError(`webhook host ${url.hostname} is not a valid address`);
  if (host === 'localhost' || host.endsWith('.localhost')) throw new SsrfRefusedError(`webhook host ${url.hostname} is loopback`);
  return url;
}

/**
 * A `lookup` for http(s).request that refuses a name when any of its addresses is blocked
 * (unless the name is allowlisted). Runs at connect time, on the answer the socket then uses.
 */
export function guardedLookup(policy: SsrfPolicy, resolve: Resolve = systemResolve): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
        if (!isAllowed(hostname, policy)) {
          const refused = addresses.find((entry) => isBlockedAddress(entry.address));
          if (refused !== undefined) {
            return callback(new SsrfRefusedError(`webhook host ${hostname} resolves to a private, loopback, link-local or reserved address (${refused.address})`), '', 0);
          }
        }
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((entry) => entry.family === options.family) : addresses;
        if (options.all === true) return callback(null, [...wanted]);
        const first = wanted[0];
        if (first === undefined) return callback(Object.assign(new Error(`no IPv${options.family} address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
        return callback(null, first.address, first.family);
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), '', 0),
    );
  };
}
