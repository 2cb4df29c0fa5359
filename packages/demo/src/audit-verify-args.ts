import type { FerrySite } from '@ferry/testing';

/**
 * `ferry audit verify` as the site's auditor runs it: the auditor's NATS identity over TLS, the site
 * CA folder that certifies the signing keys, and the state dirs of the three services that sign.
 */
export function auditVerifyArgs(site: FerrySite): string[] {
  const security = site.nats.security;
  const nats = security ? ['--nats-credentials', security.credentialsFile('auditor'), '--nats-ca', security.caFile] : [];
  const checkpoints = (['appliance', 'inventory', 'guest-prep'] as const).flatMap((name) => {
    const stateDir = site.service(name).env.STATE_DIR;
    return stateDir ? ['--checkpoint', stateDir] : [];
  });
  return ['audit', 'verify', '--nats', site.nats.url, ...nats, '--site-ca', site.caDir, ...checkpoints];
}
