/**
 * The SSRF guard against every spelling of an internal address: IPv4 in decimal, octal, hex and
 * short forms, IPv6 forms that embed IPv4, and names whose DNS answers (injected, no real DNS)
 * point inside. Allowlisted hosts pass.
 */
import type { LookupAddress } from 'node:dns';
import { checkUrl, guardedLookup, isBlockedAddress, SsrfRefusedError, type Resolve, type SsrfPolicy } from '../../../shared/adapters/http/ssrf';

const STRICT: SsrfPolicy = { allowHttp: false, allowHosts: [] };

const REFUSED_LITERALS = [
  // Schemes and credentials
  'http://example.com/build',
  'ftp://example.com/',
  'file:///etc/passwd',
  'https://user:pass@example.com/',
  // Loopback in every spelling
  'https://127.0.0.1/',
  'https://127.1/',
  'https://2130706433/',
  'https://0x7f000001/',
  'https://0x7f.1/',
  'https://0177.0.0.1/',
  'https://017700000001/',
  'https://127.000.000.001/',
  'https://127.255.255.254:8443/',
  'https://localhost/',
  'https://jenkins.localhost/',
  // "This network"
  'https://0/',
  'https://0.0.0.0/',
  // Private ranges
  'https://10.0.0.1/',
  'https://10.1/',
  'https://0xa000001/',
  'https://172.16.0.1/',
  'https://172.31.255.255/',
  'https://192.168.1.1/',
  'https://0xc0.0xa8.1.1/',
  'https://3232235777/',
  // CGNAT, link-local and the metadata service
  'https://100.64.0.1/',
  'https://100.100.100.200/',
  'https://169.254.169.254/latest/meta-data/',
  'https://0xa9fea9fe/',
  'https://2852039166/',
  'https://0251.0376.0251.0376/',
  'https://169.254.43518/',
  'https://192.0.0.192/',
  // Multicast, broadcast, benchmarking, documentation
  'https://224.0.0.1/',
  'https://255.255.255.255/',
  'https://198.18.0.1/',
  'https://203.0.113.7/',
  // IPv6
  'https://[::1]/',
  'https://[0:0:0:0:0:0:0:1]/',
  'https://[::]/',
  'https://[::ffff:127.0.0.1]/',
  'https://[::ffff:7f00:1]/',
  'https://[::ffff:169.254.169.254]/',
  'https://[::ffff:a9fe:a9fe]/',
  'https://[::ffff:10.0.0.1]/',
  'https://[::127.0.0.1]/',
  'https://[fd00:ec2::254]/',
  'https://[FD00:EC2:0:0:0:0:0:254]/',
  'https://[fc00::1]/',
  'https://[fe80::1]/',
  'https://[fec0::1]/',
  'https://[ff02::1]/',
  'https://[64:ff9b::a9fe:a9fe]/',
  'https://[2002:a9fe:a9fe::1]/',
  'https://[2001:db8::1]/',
];

describe('checkUrl', () => {
  it(`refuses ${REFUSED_LITERALS.length} URLs whose scheme, credentials or literal host reach inside`, () => {
    const accepted = REFUSED_LITERALS.filter((url) => {
      try {
        checkUrl(url, STRICT);
        return true;
      } catch (error: unknown) {
        expect(error).toBeInstanceOf(SsrfRefusedError);
        return false;
      }
    });
    expect(REFUSED_LITERALS.length).toBeGreaterThanOrEqual(30);
    expect(accepted).toEqual([]);
  });

  it('accepts public https hosts, and names (whose answers are checked at connect time)', () => {
    for (const url of ['https://jenkins.example.com/generic-webhook-trigger/invoke', 'https://93.184.216.34/', 'https://[2606:4700:4700::1111]/hook', 'https://8.8.8.8:8443/x']) {
      expect(checkUrl(url, STRICT).toString()).toBe(new URL(url).toString());
    }
  });

  it('allows plain http only for a target that asks for it', () => {
    expect(() => checkUrl('http://jenkins.example.com/', STRICT)).toThrow(SsrfRefusedError);
    expect(checkUrl('http://jenkins.example.com/', { allowHttp: true, allowHosts: [] }).protocol).toBe('http:');
  });

  it('lets allowlisted internal hosts through, in the spelling the URL parser normalises to', () => {
    const policy: SsrfPolicy = { allowHttp: true, allowHosts: ['10.0.0.5', 'jenkins.internal', '[fd12::5]'] };
    expect(checkUrl('http://10.0.0.5:8080/job', policy).hostname).toBe('10.0.0.5');
    expect(checkUrl('http://0xa000005:8080/job', policy).hostname).toBe('10.0.0.5');
    expect(checkUrl('http://[fd12::5]/job', policy).hostname).toBe('[fd12::5]');
    expect(() => checkUrl('http://10.0.0.6/', policy)).toThrow(SsrfRefusedError);
  });
});

describe('isBlockedAddress', () => {
  it('classifies addresses as DNS returns them', () => {
    expect(['127.0.0.1', '10.2.3.4', '169.254.169.254', 'fd00:ec2::254', '::ffff:192.168.0.1', '100.127.255.255', 'not-an-ip'].filter((a) => !isBlockedAddress(a))).toEqual([]);
    expect(['93.184.216.34', '100.128.0.1', '172.32.0.1', '2606:4700:4700::1111'].filter(isBlockedAddress)).toEqual([]);
  });
});

/** Answers from a table: no real DNS. */
function resolver(table: Record<string, readonly string[]>): Resolve {
  return (hostname) => {
    const addresses = table[hostname];
    if (addresses === undefined) return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
    return Promise.resolve(addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })));
  };
}

const DNS = resolver({
  'metadata.example.test': ['169.254.169.254'],
  'imds6.example.test': ['fd00:ec2::254'],
  'loopback.example.test': ['127.0.0.1'],
  'mapped.example.test': ['::ffff:127.0.0.1'],
  'private.example.test': ['10.20.30.40'],
  'cgnat.example.test': ['100.100.100.200'],
  'linklocal6.example.test': ['fe80::1'],
  'mixed.example.test': ['93.184.216.34', '192.168.0.10'],
  'public.example.test': ['93.184.216.34', '2606:4700:4700::1111'],
  'jenkins.internal': ['10.0.0.7'],
});

function lookup(policy: SsrfPolicy, hostname: string, options: { all?: boolean; family?: number } = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    guardedLookup(policy, DNS)(hostname, options, (error: Error | null, address: unknown, family?: number) =>
      error ? reject(error) : resolve(options.all === true ? address : { address, family }),
    );
  });
}

describe('guardedLookup', () => {
  it.each([
    'metadata.example.test',
    'imds6.example.test',
    'loopback.example.test',
    'mapped.example.test',
    'private.example.test',
    'cgnat.example.test',
    'linklocal6.example.test',
    'mixed.example.test',
  ])('refuses %s, which resolves inside', async (hostname) => {
    await expect(lookup(STRICT, hostname)).rejects.toBeInstanceOf(SsrfRefusedError);
    await expect(lookup(STRICT, hostname, { all: true })).rejects.toBeInstanceOf(SsrfRefusedError);
  });

  it('passes public answers, honouring the family and `all` the socket asks for', async () => {
    await expect(lookup(STRICT, 'public.example.test')).resolves.toEqual({ address: '93.184.216.34', family: 4 });
    await expect(lookup(STRICT, 'public.example.test', { family: 6 })).resolves.toEqual({ address: '2606:4700:4700::1111', family: 6 });
    await expect(lookup(STRICT, 'public.example.test', { all: true })).resolves.toHaveLength(2);
  });

  it('lets an allowlisted internal name resolve inside', async () => {
    await expect(lookup(STRICT, 'jenkins.internal')).rejects.toBeInstanceOf(SsrfRefusedError);
    await expect(lookup({ allowHttp: false, allowHosts: ['jenkins.internal'] }, 'jenkins.internal')).resolves.toEqual({ address: '10.0.0.7', family: 4 });
  });

  it('passes resolution failures on', async () => {
    await expect(lookup(STRICT, 'nowhere.example.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});
