import { connect } from 'node:tls';
import { existsSync } from 'node:fs';
import { startVcsimPair } from '../src/vcsim';

jest.setTimeout(120_000);

function peerFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const fp = socket.getPeerCertificate().fingerprint;
      socket.end();
      resolve(fp);
    });
    socket.once('error', reject);
  });
}

describe('vcsim launcher', () => {
  it('starts a prem and a cloud vCenter on distinct ports with pinnable certificates and real datastore folders', async () => {
    const pair = await startVcsimPair();
    try {
      expect(pair.prem.port).not.toBe(pair.cloud.port);
      expect(await peerFingerprint(pair.prem.port)).toBe(pair.prem.thumbprint);
      expect(await peerFingerprint(pair.cloud.port)).toBe(pair.cloud.thumbprint);
      expect(pair.prem.thumbprint).not.toBe(pair.cloud.thumbprint);
      expect(pair.prem.datastores.length).toBeGreaterThan(0);
      for (const ds of pair.prem.datastores) expect(existsSync(ds.path)).toBe(true);
    } finally {
      await pair.stop();
    }
    for (const ds of pair.prem.datastores) expect(existsSync(ds.path)).toBe(false);
  });
});
