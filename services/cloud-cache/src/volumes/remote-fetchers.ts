/**
 * Where the service gets the RemoteFetcherFactory its command-made volumes fetch their misses with:
 * by default (null) the service's own feed, whose fetchers ask prem over the demand lane cloud-manager
 * dialled in (src/feed); tests may provide another factory under the same token.
 */
import { UnavailableError } from '@ferry/errors';
import type { RemoteFetcherFactory } from '../cache/remote-source';

/** Injection token of the RemoteFetcherFactory (a plain symbol: this folder imports no NestJS). */
export const REMOTE_FETCHER_FACTORY = Symbol('ferry:cloud-cache:remote-fetcher-factory');

/** Fetchers that know the source's size but cannot fetch (for tests of what is served without a source). */
export const unwiredRemoteFetchers: RemoteFetcherFactory = (source) => ({
  size: source.virtualSize,
  fetch: (index) =>
    Promise.reject(new UnavailableError(`no remote source: chunk ${index} of ${source.migrationId}/${source.diskId} cannot be fetched from prem`)),
  close: () => Promise.resolve(),
});

/** The provider AppModule uses: null = the feed's fetchers over the demand lane. */
export const remoteFetcherFactoryProvider = { provide: REMOTE_FETCHER_FACTORY, useValue: null };
