import { ConfigError } from '@ferry/service-kit';
import type { Config } from './config';
import type { Site } from './inventory/model';
import type { VcenterEndpoint } from './sync/site-sync';

/**
 * Both vCenter endpoints from the config. Certificate trust must be explicit: exactly one of a
 * pinned thumbprint or the insecure flag per vCenter; otherwise a ConfigError names the variables.
 */
export function vcenterEndpoints(c: Config): VcenterEndpoint[] {
  const problems: string[] = [];
  const endpoint = (site: Site, url: string, username: string, password: string, thumbprint: string, insecure: boolean): VcenterEndpoint => {
    const p = site.toUpperCase();
    if (thumbprint && insecure) problems.push(`${p}_VCENTER_THUMBPRINT and ${p}_VCENTER_INSECURE=true are both set: pin the thumbprint OR skip checks, not both`);
    if (!thumbprint && !insecure) {
      problems.push(`${p}_VCENTER_THUMBPRINT is not set: expected the ${site} vCenter's certificate thumbprint (or ${p}_VCENTER_INSECURE=true in a test lab)`);
    }
    return { site, url, username, password, tls: thumbprint ? { thumbprint } : { insecure: true } };
  };
  const endpoints = [
    endpoint('prem', c.premVcenterUrl, c.premVcenterUsername, c.premVcenterPassword, c.premVcenterThumbprint, c.premVcenterInsecure),
    endpoint('cloud', c.cloudVcenterUrl, c.cloudVcenterUsername, c.cloudVcenterPassword, c.cloudVcenterThumbprint, c.cloudVcenterInsecure),
  ];
  if (problems.length) throw new ConfigError(problems);
  return endpoints;
}
