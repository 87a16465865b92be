import { clientAddress, grpcPeerAddress, trustedProxies } from './client-address';

describe('the client address', () => {
  const proxies = trustedProxies('10.0.0.0/8, 192.168.1.5, fd00::/8');

  it('is the peer when the peer is not a trusted proxy, whatever X-Forwarded-For says', () => {
    expect(clientAddress(proxies, '203.0.113.4', '198.51.100.1')).toBe('203.0.113.4');
    expect(clientAddress(trustedProxies(undefined), '10.0.0.1', '198.51.100.1')).toBe('10.0.0.1');
  });

  it('is the nearest untrusted address in X-Forwarded-For, read from the right, behind trusted proxies', () => {
    expect(clientAddress(proxies, '10.1.2.3', '6.6.6.6, 198.51.100.1')).toBe('198.51.100.1');
    expect(clientAddress(proxies, '::ffff:192.168.1.5', ['6.6.6.6', '198.51.100.1, 10.9.9.9'])).toBe('198.51.100.1');
    expect(clientAddress(proxies, 'fd00::1', '2001:db8::7')).toBe('2001:db8::7');
    // A proxy that forwarded nothing, or garbage: the proxy itself.
    expect(clientAddress(proxies, '10.1.2.3', undefined)).toBe('10.1.2.3');
    expect(clientAddress(proxies, '10.1.2.3', 'unknown')).toBe('10.1.2.3');
  });

  it("is a gRPC peer's address without its port, however grpc-js writes it", () => {
    expect(grpcPeerAddress('10.0.0.7:51234')).toBe('10.0.0.7');
    expect(grpcPeerAddress('::1:51234')).toBe('::1');
    expect(grpcPeerAddress('::ffff:127.0.0.1:51234')).toBe('::ffff:127.0.0.1');
    expect(grpcPeerAddress('ipv4:10.0.0.7:51234')).toBe('10.0.0.7');
    expect(grpcPeerAddress('ipv6:[2001:db8::7]:51234')).toBe('2001:db8::7');
  });

  it('refuses a TRUST_PROXY entry that is not an address or CIDR', () => {
    for (const bad of ['10.0.0.0/33', 'proxy.local', '10.0.0.1/8/1', '::1/129', '10.0.0.0/x'])
      expect(() => trustedProxies(bad)).toThrow(/TRUST_PROXY must be comma-separated addresses or CIDRs/);
  });
});
