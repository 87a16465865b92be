import { BlockList, isIP } from 'node:net';

/** The proxies named by TRUST_PROXY (comma-separated addresses or CIDRs); throws on one that is not. */
export function trustedProxies(raw: string | undefined): BlockList {
  const list = new BlockList();
  for (const entry of (raw ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [address = '', bits, extra] = entry.split('/');
    const family = isIP(address);
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
    if (!family || extra !== undefined || !/^\d{1,3}$/.test(String(prefix)) || prefix > (family === 6 ? 128 : 32)) {
      throw new Error(`TRUST_PROXY must be comma-separated addresses or CIDRs (like 10.0.0.0/8 or ::1), got "${entry}"`);
    }
    list.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

/** "::ffff:10.0.0.1" is the IPv4 address 10.0.0.1 as a dual-stack socket reports it. */
function plain(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

export function isTrusted(proxies: BlockList, address: string): boolean {
  const a = plain(address);
  const family = isIP(a);
  return family !== 0 && proxies.check(a, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Who is asking: the socket's peer, unless that peer is a trusted proxy; then the nearest address in
 * X-Forwarded-For (read from the right) that is not itself a trusted proxy. A client cannot choose its
 * address by sending the header: an untrusted peer's header is ignored.
 */
export function clientAddress(proxies: BlockList, peer: string | undefined, forwardedFor: string | string[] | undefined): string {
  let address = plain(peer ?? 'unknown');
  if (!isTrusted(proxies, address)) return address;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((h) => plain(h.trim()))
    .filter(Boolean);
  while (hops.length && isTrusted(proxies, address)) {
    const next = hops.pop()!;
    if (!isIP(next)) break;
    address = next;
  }
  return address;
}

/**
 * The address in a gRPC call's peer: grpc-js names it "10.0.0.7:51234", "::1:51234" (IPv6 without
 * brackets) or, in other versions, "ipv4:10.0.0.7:51234" and "ipv6:[::1]:51234". The port is not
 * part of who is asking: every connection from one machine spends one budget.
 */
export function grpcPeerAddress(peer: string): string {
  return peer
    .replace(/^ipv[46]:/, '')
    .replace(/:\d+$/, '')
    .replace(/^\[(.*)\]$/, '$1');
}
