import { createServer, type AddressInfo } from 'node:net';
import type { TlsMaterial } from '../pki/site-ca';
import { LEAN_STRIPE } from './lean-frames';
import { connectLean, proxyFor } from './lean-upgrade-client';

describe('proxyFor: the HTTP proxy a lean stream goes through, chosen as grpc-js chooses it', () => {
  it('takes grpc_proxy, else https_proxy, else http_proxy, and only an http: URL', () => {
    expect(proxyFor('cloud.example', {})).toBeUndefined();
    expect(proxyFor('cloud.example', { http_proxy: 'http://plain:3128', https_proxy: 'http://secure:3129', grpc_proxy: 'http://grpc:3130' })).toEqual({ host: 'grpc', port: 3130 });
    expect(proxyFor('cloud.example', { http_proxy: 'http://plain:3128', https_proxy: 'http://secure:3129' })).toEqual({ host: 'secure', port: 3129 });
    expect(proxyFor('cloud.example', { http_proxy: 'http://plain' })).toEqual({ host: 'plain', port: 80 });
    expect(proxyFor('cloud.example', { http_proxy: 'http://[fd00::1]:3128' })).toEqual({ host: 'fd00::1', port: 3128 });
    // grpc-js goes direct for these, so a lean stream must too.
    expect(proxyFor('cloud.example', { http_proxy: 'plain:3128' })).toBeUndefined();
    expect(proxyFor('cloud.example', { http_proxy: 'https://secure:3129' })).toBeUndefined();
    expect(proxyFor('cloud.example', { http_proxy: 'not a url' })).toBeUndefined();
  });

  it("turns the URL's user info into Basic Proxy-Authorization", () => {
    expect(proxyFor('cloud.example', { http_proxy: 'http://ferry:s%40cret@proxy:3128' })?.authorization).toBe(`Basic ${Buffer.from('ferry:s@cret').toString('base64')}`);
    expect(proxyFor('cloud.example', { http_proxy: 'http://ferry@proxy:3128' })?.authorization).toBe(`Basic ${Buffer.from('ferry').toString('base64')}`);
  });

  it('goes direct to a host that no_grpc_proxy (else no_proxy) lists, by suffix or IPv4 CIDR range', () => {
    const proxy = { http_proxy: 'http://proxy:3128' };
    expect(proxyFor('cloud.example', { ...proxy, no_proxy: 'other.example,.example' })).toBeUndefined();
    expect(proxyFor('10.20.30.40', { ...proxy, no_proxy: '192.168.0.0/16,10.0.0.0/8' })).toBeUndefined();
    expect(proxyFor('11.20.30.40', { ...proxy, no_proxy: '10.0.0.0/8' })).toEqual({ host: 'proxy', port: 3128 });
    expect(proxyFor('cloud.example', { ...proxy, no_grpc_proxy: 'elsewhere', no_proxy: 'cloud.example' })).toEqual({ host: 'proxy', port: 3128 });
    // As grpc-js compares: a plain suffix, untrimmed; `*` is no wildcard; an empty entry matches every host.
    expect(proxyFor('badexample', { ...proxy, no_proxy: 'example' })).toBeUndefined();
    expect(proxyFor('cloud.example', { ...proxy, no_proxy: 'a.test, cloud.example' })).toEqual({ host: 'proxy', port: 3128 });
    expect(proxyFor('cloud.example', { ...proxy, no_proxy: '*' })).toEqual({ host: 'proxy', port: 3128 });
    expect(proxyFor('cloud.example', { ...proxy, no_proxy: 'a.test,' })).toBeUndefined();
  });
});

describe("proxyFor against grpc-js's own choice (the pinned version's http_proxy module)", () => {
  // grpc-js's internal module: the rules proxyFor repeats. Another grpc-js version that changes them fails here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const grpcProxy = require('@grpc/grpc-js/build/src/http_proxy') as { mapProxyName(target: { scheme?: string; path: string }, options: object): { target: { path: string }; extraOptions: Record<string, string> } };

  it('picks the same proxy, or none, for every case above', () => {
    const settings = ['http://proxy:3128', 'http://u:p%21@proxy:3128', 'proxy:3128', 'https://proxy:3129', 'http://[fd00::1]:3128'];
    const lists = [undefined, 'cloud.example', '.example', 'example', '10.0.0.0/8', 'a.test,', '*', 'a.test, cloud.example'];
    const hosts = ['cloud.example', 'badexample', '10.20.30.40', '11.20.30.40'];
    const saved = { ...process.env };
    try {
      for (const setting of settings) for (const list of lists) for (const host of hosts) {
        for (const key of ['grpc_proxy', 'https_proxy', 'http_proxy', 'no_grpc_proxy', 'no_proxy']) delete process.env[key];
        process.env.grpc_proxy = setting;
        if (list !== undefined) process.env.no_proxy = list;
        const theirs = grpcProxy.mapProxyName({ scheme: 'dns', path: `${host}:6000` }, {});
        const proxied = 'grpc.http_connect_target' in theirs.extraOptions;
        const ours = proxyFor(host, process.env);
        const expected = proxied ? `${theirs.target.path}|${theirs.extraOptions['grpc.http_connect_creds'] ?? ''}` : 'direct';
        const got = ours === undefined ? 'direct' : `${ours.host.includes(':') ? `[${ours.host}]` : ours.host}:${ours.port}|${ours.authorization === undefined ? '' : Buffer.from(ours.authorization.slice('Basic '.length), 'base64').toString()}`;
        expect(`${setting} ${list} ${host}: ${got}`).toBe(`${setting} ${list} ${host}: ${expected}`);
      }
    } finally {
      for (const key of ['grpc_proxy', 'https_proxy', 'http_proxy', 'no_grpc_proxy', 'no_proxy']) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});

describe('connectLean through an HTTP proxy', () => {
  it('asks the proxy to CONNECT with its credentials, and names the proxy and its answer when refused', async () => {
    const heads: string[] = [];
    const proxy = createServer((socket) => {
      socket.once('data', (data) => {
        heads.push(data.toString('latin1'));
        socket.end('HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n');
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const port = (proxy.address() as AddressInfo).port;
    const saved = process.env.grpc_proxy;
    process.env.grpc_proxy = `http://ferry:pw@127.0.0.1:${port}`;
    try {
      await expect(connectLean('cloud.example:6000', {} as TlsMaterial, LEAN_STRIPE)).rejects.toThrow(`the proxy 127.0.0.1:${port} refused CONNECT cloud.example:6000: HTTP/1.1 407 Proxy Authentication Required`);
      expect(heads).toHaveLength(1);
      expect(heads[0]).toMatch(/^CONNECT cloud\.example:6000 HTTP\/1\.1\r\n/);
      expect(heads[0]).toContain(`proxy-authorization: Basic ${Buffer.from('ferry:pw').toString('base64')}\r\n`);
    } finally {
      if (saved === undefined) delete process.env.grpc_proxy;
      else process.env.grpc_proxy = saved;
      proxy.close();
    }
  });
});
