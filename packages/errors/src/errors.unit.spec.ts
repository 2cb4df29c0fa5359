import { ConcurrencyError, NotFoundError, PermissionDeniedError, ResourceExhaustedError, UnauthenticatedError, ValidationError, grpcStatusOf } from './index';

describe('error hierarchy', () => {
  it('names the field in a validation error and maps it to INVALID_ARGUMENT', () => {
    const error = new ValidationError('plan.concurrency', 'must be at least 1, got 0; set a positive limit');
    expect(error.message).toBe('plan.concurrency: must be at least 1, got 0; set a positive limit');
    expect(error.name).toBe('ValidationError');
    expect(grpcStatusOf(error)).toBe(3);
  });

  it('maps the rest of the hierarchy to its gRPC codes', () => {
    expect(grpcStatusOf(new NotFoundError('vm-1 not found'))).toBe(5);
    expect(grpcStatusOf(new ConcurrencyError('stale'))).toBe(10);
    expect(grpcStatusOf(new ResourceExhaustedError('no space on datastore ds1'))).toBe(8);
    expect(grpcStatusOf(new UnauthenticatedError('no credential; run ferry login'))).toBe(16);
    expect(grpcStatusOf(new PermissionDeniedError('StartPlan needs the role operator; you are viewer'))).toBe(7);
    expect(grpcStatusOf(new Error('other'))).toBe(13);
  });
});
