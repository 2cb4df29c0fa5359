/**
 * Where the service gets the RemoteFetcherFactory its command-made volumes fetch their misses with.
 * The fetch path from prem is not wired into the service yet, so the default answers every fetch
 * with an UnavailableError (the guest's read fails with a SCSI MEDIUM ERROR; locally held and
 * written chunks are served). To wire it, replace `useValue` in {@link remoteFetcherFactoryProvider}.
 */
import { UnavailableError } from '@ferry/errors';
import type { RemoteFetcherFactory } from '../cache/remote-source';

/** Injection token of the RemoteFetcherFactory (a plain symbol: this folder imports no NestJS). */
export const REMOTE_FETCHER_FACTORY = Symbol('ferry:cloud-cache:remote-fetcher-factory');

/** Fetchers that know the source's size but cannot fetch yet. */
export const unwiredRemoteFetchers: RemoteFetcherFactory = (source) => ({
  size: source.virtualSize,
  fetch: (index) =>
    Promise.reject(new UnavailableError(`remote fetch path not wired yet: chunk ${index} of ${source.migrationId}/${source.diskId} cannot be fetched from prem`)),
  close: () => Promise.resolve(),
});

/** The provider AppModule uses: the one line to change when the real fetch path is wired. */
export const remoteFetcherFactoryProvider = { provide: REMOTE_FETCHER_FACTORY, useValue: unwiredRemoteFetchers };
