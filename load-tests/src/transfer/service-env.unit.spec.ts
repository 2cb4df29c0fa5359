import { serviceEnv } from './service-env';

describe('serviceEnv', () => {
  it('reads NAME=value pairs separated by commas', () => {
    expect(serviceEnv('MALLOC_ARENA_MAX=2, GLIBC_TUNABLES=glibc.malloc.trim_threshold=131072')).toEqual({ MALLOC_ARENA_MAX: '2', GLIBC_TUNABLES: 'glibc.malloc.trim_threshold=131072' });
  });

  it('is empty when unset or blank', () => {
    expect(serviceEnv(undefined)).toEqual({});
    expect(serviceEnv(' ')).toEqual({});
  });

  it('names a pair that is not NAME=value and the form to use', () => {
    expect(() => serviceEnv('MALLOC_ARENA_MAX')).toThrow(/"MALLOC_ARENA_MAX" is not NAME=value/);
  });
});
