/**
 * The cloud vCenter moved volumes are stored through (CLOUD_VCENTER_*). The password lives only in
 * the closure of `connect`: no property, log line or error carries it. Connection failures are told
 * in terms of the variables an operator fixes.
 */
import { IllegalStateError, UnavailableError, ValidationError } from '@ferry/errors';
import { CertificateMismatchError, InvalidLoginError, VcenterUnreachableError, VsphereClient } from '@ferry/vsphere';

/** The CLOUD_VCENTER_* part of the cloud-cache config. */
export interface CloudVcenterConfig {
  cloudVcenterUrl: string;
  cloudVcenterUsername: string;
  cloudVcenterPassword: string;
  cloudVcenterThumbprint: string;
}

/** A configured cloud vCenter: where it is and how to log in to it (the password is not readable). */
export interface CloudVcenter {
  readonly url: string;
  readonly username: string;
  /** A new logged-in session; log it out when done. */
  connect(): Promise<VsphereClient>;
}

/**
 * The cloud vCenter of `config`, or undefined when CLOUD_VCENTER_URL is empty (moves are refused
 * then). With the URL set, the user, password and thumbprint are required: a missing one stops
 * start-up naming it, rather than failing the first move hours later.
 */
export function cloudVcenterOf(config: CloudVcenterConfig, warn: (line: string) => void = () => undefined): CloudVcenter | undefined {
  const url = config.cloudVcenterUrl;
  if (!url) return undefined;
  const required: Array<[string, string]> = [
    ['CLOUD_VCENTER_USERNAME', config.cloudVcenterUsername],
    ['CLOUD_VCENTER_PASSWORD', config.cloudVcenterPassword],
    ['CLOUD_VCENTER_THUMBPRINT', config.cloudVcenterThumbprint],
  ];
  for (const [name, value] of required) {
    if (!value) throw new ValidationError(name, `is empty while CLOUD_VCENTER_URL=${url} is set; set it too (or unset CLOUD_VCENTER_URL to turn moves off)`);
  }
  const username = config.cloudVcenterUsername;
  const password = config.cloudVcenterPassword;
  const thumbprint = config.cloudVcenterThumbprint;
  return {
    url,
    username,
    connect: async () => {
      try {
        return await VsphereClient.connect({ url, username, password, tls: { thumbprint }, warn });
      } catch (error) {
        throw connectFailure(url, username, error);
      }
    },
  };
}

/** A move asked of a cache without a cloud vCenter. */
export function noCloudVcenter(): IllegalStateError {
  return new IllegalStateError(
    'CLOUD_VCENTER_URL is not set, so this cloud cache cannot move volumes to storage; ' +
      'set CLOUD_VCENTER_URL, CLOUD_VCENTER_USERNAME, CLOUD_VCENTER_PASSWORD and CLOUD_VCENTER_THUMBPRINT and restart it',
  );
}

/** Says which variable to fix; the vSphere error stays the cause. */
function connectFailure(url: string, username: string, error: unknown): Error {
  const cause = { cause: error };
  if (error instanceof InvalidLoginError) {
    return new IllegalStateError(
      `the cloud vCenter ${url} rejected the login of "${username}"; check CLOUD_VCENTER_USERNAME and CLOUD_VCENTER_PASSWORD and restart the cloud cache`,
      cause,
    );
  }
  if (error instanceof CertificateMismatchError) {
    return new IllegalStateError(`${error.message} (CLOUD_VCENTER_THUMBPRINT); set it to the thumbprint the vCenter shows and restart the cloud cache`, cause);
  }
  if (error instanceof VcenterUnreachableError) return new UnavailableError(`${error.message} (CLOUD_VCENTER_URL); retry the move once it is reachable`, cause);
  return error instanceof Error ? error : new Error(String(error));
}
