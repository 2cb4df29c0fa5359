import { ConfigError, loadConfig } from '@ferry/service-kit';
import { config } from './config';
import { vcenterEndpoints } from './vcenters';

const base = {
  PREM_VCENTER_URL: 'https://prem.example/sdk', PREM_VCENTER_USERNAME: 'u', PREM_VCENTER_PASSWORD: 'p',
  CLOUD_VCENTER_URL: 'https://cloud.example/sdk', CLOUD_VCENTER_USERNAME: 'u', CLOUD_VCENTER_PASSWORD: 'p',
};
const sha1 = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01';

function problems(env: Record<string, string>): string {
  try {
    vcenterEndpoints(loadConfig(config, env));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('vCenter endpoints from config', () => {
  it('given a pinned thumbprint for prem and insecure for cloud, when read, then both endpoints carry that trust; the API port defaults to 8009', () => {
    const c = loadConfig(config, { ...base, PREM_VCENTER_THUMBPRINT: sha1, CLOUD_VCENTER_INSECURE: 'true' });
    expect(c.apiPort).toBe(8009);
    expect(vcenterEndpoints(c).map((e) => [e.site, e.url, e.tls])).toEqual([
      ['prem', base.PREM_VCENTER_URL, { thumbprint: sha1 }],
      ['cloud', base.CLOUD_VCENTER_URL, { insecure: true }],
    ]);
  });

  it('given neither thumbprint nor insecure, when read, then the error names the thumbprint variable', () => {
    expect(problems({ ...base, PREM_VCENTER_THUMBPRINT: sha1 })).toContain('CLOUD_VCENTER_THUMBPRINT is not set');
  });

  it('given both thumbprint and insecure, when read, then the error names both variables', () => {
    expect(problems({ ...base, PREM_VCENTER_THUMBPRINT: sha1, PREM_VCENTER_INSECURE: 'true', CLOUD_VCENTER_INSECURE: 'true' })).toContain('PREM_VCENTER_THUMBPRINT and PREM_VCENTER_INSECURE=true are both set');
  });

  it('given a missing URL or a malformed thumbprint, when read, then each variable is named', () => {
    const { PREM_VCENTER_URL: _, ...noUrl } = base;
    const message = problems({ ...noUrl, PREM_VCENTER_THUMBPRINT: 'xyz', CLOUD_VCENTER_INSECURE: 'true' });
    expect(message).toContain('PREM_VCENTER_URL is not set');
    expect(message).toContain('PREM_VCENTER_THUMBPRINT="xyz" is invalid');
  });
});
