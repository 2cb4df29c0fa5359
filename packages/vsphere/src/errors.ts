import { IllegalStateError, IntegrityError, NotFoundError, UnavailableError, ValidationError } from '@ferry/errors';

/** A SOAP fault as vCenter sent it. */
export interface SoapFault {
  /** vim25 fault type, e.g. InvalidLogin, InvalidPowerState, ManagedObjectNotFound. */
  faultType: string;
  /** The server's faultstring / localizedMessage. */
  message: string;
  /** The vim25 method that failed, e.g. PowerOffVM_Task. */
  method: string;
  /** The managed object it was called on, e.g. VirtualMachine:vm-42. */
  target: string;
  /** The vCenter's SDK URL. */
  server: string;
}

/** Wrong user name or password. Not retried: fix the credentials. */
export class InvalidLoginError extends ValidationError {
  constructor(readonly server: string, readonly username: string) {
    super('credentials', `vCenter ${server} rejected the login of user "${username}" (InvalidLogin): check the user name and password configured for this vCenter`);
  }
}

/** The vCenter cannot be reached (refused, unknown host, timeout). Retry later or fix the URL/firewall. */
export class VcenterUnreachableError extends UnavailableError {
  constructor(readonly server: string, readonly reason: string, options?: { cause?: unknown }) {
    super(`vCenter ${server} is unreachable (${reason}): check the URL, that the vCenter is running and that port is open from here`, options);
  }
}

/** The server's certificate is not the pinned one (or not signed by the trusted CA). */
export class CertificateMismatchError extends IntegrityError {
  constructor(readonly server: string, readonly expected: string, readonly actual: string) {
    super(`vCenter ${server} presented a certificate with thumbprint ${actual}, but ${expected} is pinned: if the vCenter certificate was renewed on purpose, update the pinned thumbprint; otherwise something is intercepting the connection`);
  }
}

/** The server certificate failed CA verification (no thumbprint pinned). */
export class CertificateUntrustedError extends IntegrityError {
  constructor(readonly server: string, readonly reason: string, readonly actual: string) {
    super(`vCenter ${server} presented a certificate (thumbprint ${actual}) that is not trusted: ${reason}. Pin its thumbprint or configure the CA that signed it`);
  }
}

function describe(f: SoapFault): string {
  return `vCenter ${f.server}: ${f.method} on ${f.target} failed with ${f.faultType}: ${f.message || '(no message)'}`;
}

/** A vim25 fault that names an object which does not exist (ManagedObjectNotFound, FileNotFound, …). */
export class VsphereNotFoundError extends NotFoundError {
  constructor(readonly fault: SoapFault, hint: string) {
    super(`${describe(fault)}. ${hint}`);
  }
}

/** A vim25 fault caused by an invalid request (InvalidArgument, InvalidDeviceSpec, DuplicateName, …). */
export class VsphereInvalidRequestError extends ValidationError {
  constructor(readonly fault: SoapFault, hint: string) {
    super(fault.method, `${describe(fault)}. ${hint}`);
  }
}

/** Any other vim25 fault: the object's state does not allow the operation (InvalidPowerState, TaskInProgress, NoDiskSpace, …). */
export class VsphereFaultError extends IllegalStateError {
  constructor(readonly fault: SoapFault, hint: string) {
    super(`${describe(fault)}. ${hint}`);
  }
}

/** The session expired or was never established (NotAuthenticated). */
export class NotAuthenticatedError extends VsphereFaultError {}

const notFound = new Set(['ManagedObjectNotFound', 'FileNotFound', 'NotFound', 'InvalidDatastorePath', 'InvalidDatastore']);
const invalid = new Set([
  'InvalidArgument', 'InvalidRequest', 'InvalidProperty', 'InvalidType', 'InvalidName', 'DuplicateName', 'InvalidDeviceSpec',
  'InvalidVmConfig', 'InvalidController', 'MethodNotFound', 'NotSupported', 'InvalidCollectorVersion', 'AlreadyExists',
]);

const hints: Record<string, string> = {
  InvalidPowerState: 'Bring the VM to the power state the operation needs first',
  TaskInProgress: 'Another task is running on this object; wait for it to finish and retry',
  NoDiskSpace: 'Free space on the datastore or choose another one',
  InsufficientResourcesFault: 'The host or resource pool lacks CPU/memory; free resources or pick another target',
  NotAuthenticated: 'The session expired; the client logs in again automatically',
  NoPermission: 'Grant the vCenter user the privilege named in the message',
  RequestCanceled: 'The request was cancelled (CancelWaitForUpdates or a cancelled task)',
  ToolsUnavailable: 'VMware Tools is not running in the guest; use a hard power-off or start Tools',
  InvalidState: 'The object is not in a state that allows this operation; check its current state',
  ManagedObjectNotFound: 'The object was deleted or the reference is stale; refresh the inventory',
  FileNotFound: 'Check the datastore path',
  DuplicateName: 'An object with this name already exists in the folder; choose another name',
};

/** Maps a vim25 fault to the Ferry error that says what failed, why, and what to do. */
export function faultToError(fault: SoapFault): Error {
  const hint = hints[fault.faultType] ?? 'See the vCenter task and event log for details';
  if (fault.faultType === 'NotAuthenticated') return new NotAuthenticatedError(fault, hint);
  if (notFound.has(fault.faultType)) return new VsphereNotFoundError(fault, hint);
  if (invalid.has(fault.faultType)) return new VsphereInvalidRequestError(fault, hint);
  return new VsphereFaultError(fault, hint);
}

/** The vim25 fault type of an error from this package, if it came from a SOAP fault. */
export function faultTypeOf(error: unknown): string | undefined {
  if (error instanceof VsphereFaultError || error instanceof VsphereNotFoundError || error instanceof VsphereInvalidRequestError) return error.fault.faultType;
  if (error instanceof InvalidLoginError) return 'InvalidLogin';
  return undefined;
}
