import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@ferry/errors';
import { natsClientSettings, natsConnectionOptions } from './client-options';

const base = { natsUrl: 'nats://10.0.0.5:4222', natsCredentialsFile: '', natsCaFile: '', natsAnonymous: false };

describe('NATS client settings from a service config', () => {
  it('given no credential and no CA, when read, then start-up stops naming both variables and the way out for tests', () => {
    expect(() => natsClientSettings(base)).toThrow(ValidationError);
    expect(() => natsClientSettings(base)).toThrow(/NATS_CREDENTIALS_FILE .* and NATS_CA_FILE .*only a bare test server may be joined with NATS_ANONYMOUS=true/);
  });

  it('given only the credential, when read, then the CA is named as missing', () => {
    expect(() => natsClientSettings({ ...base, natsCredentialsFile: '/etc/ferry/appliance.nk' })).toThrow(/NATS needs NATS_CA_FILE \(the site CA certificate/);
  });

  it('given NATS_ANONYMOUS=true, when read, then the settings say so (and no file is needed)', () => {
    expect(natsClientSettings({ ...base, natsAnonymous: true })).toEqual({ url: 'nats://10.0.0.5:4222', anonymous: true });
  });

  it('given a credential file that holds no nkey seed, when connecting, then the error names the file but not its content', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ferry-nats-creds-'));
    try {
      const file = join(dir, 'appliance.nk');
      await writeFile(file, 'hunter2-not-a-seed\n');
      const settings = natsClientSettings({ ...base, natsCredentialsFile: file, natsCaFile: join(dir, 'ca.crt') });
      const error = await natsConnectionOptions(settings).catch((e: Error) => e);
      expect((error as Error).message).toContain(`${file} does not hold an nkey user seed`);
      expect((error as Error).message).not.toContain('hunter2');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
