/**
 * Boot profiles of a cache: when a volume is created with a profile key (guest OS + image family), a
 * profile stored under that key is prefetched into it at once; without one, the volume's first boot
 * is recorded and stored under the key for the next similar VM.
 */
import type { CacheVolume } from '../cache/cache-volume';
import { BootRecorder, DEFAULT_RECORDING_LIMITS, type RecordingLimits } from './boot-recorder';
import { prefetchProfile, type PrefetchOptions } from './prefetch';
import { checkProfileKey, ProfileStore, type BootProfile } from './profile-store';

/** What {@link BootProfiles} is made with. */
export interface BootProfilesOptions {
  /** Folder of the profile files (under the cache's state directory). */
  dir: string;
  limits?: RecordingLimits;
  prefetch?: PrefetchOptions;
  now?: () => number;
  log?: (line: string) => void;
}

/** A volume's part in its profile: either it prefetched a stored one or it records its boot. */
export interface ProfileSession {
  readonly key: string;
  /** True when a stored profile was prefetched. */
  readonly used: boolean;
  /** When used: resolves with the chunks prefetched. */
  readonly prefetched: Promise<number>;
  /** When recording: ends it now (the boot is done) and stores the profile; resolves with it (undefined if nothing was read). */
  finish(): Promise<BootProfile | undefined>;
}

export class BootProfiles {
  private readonly store: ProfileStore;
  private readonly now: () => number;
  private readonly log: (line: string) => void;

  constructor(private readonly options: BootProfilesOptions) {
    this.store = new ProfileStore(options.dir);
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => undefined);
  }

  /** Call right after the volume is created, before any initiator reads it. */
  async attach(volume: CacheVolume, key: string): Promise<ProfileSession> {
    checkProfileKey(key);
    const stored = await this.store.load(key);
    if (stored !== undefined && stored.chunkSize === volume.chunkSize) return this.prefetch(volume, stored);
    if (stored !== undefined) this.log(`boot profile ${key} counts ${stored.chunkSize}-byte chunks but volume ${volume.name} has ${volume.chunkSize}-byte chunks; recording its boot as the new profile`);
    return this.record(volume, key);
  }

  private prefetch(volume: CacheVolume, profile: BootProfile): ProfileSession {
    volume.stats.bootProfile = { key: profile.key, used: true };
    const prefetched = prefetchProfile(volume, profile.chunks, this.options.prefetch).then((n) => {
      this.log(`volume ${volume.name}: prefetched ${n} of the ${profile.chunks.length} chunks of boot profile ${profile.key} (the others were present, read first, or not fetched)`);
      return n;
    });
    return { key: profile.key, used: true, prefetched, finish: async () => undefined };
  }

  private record(volume: CacheVolume, key: string): ProfileSession {
    volume.stats.bootProfile = { key, used: false };
    const limits = this.options.limits ?? DEFAULT_RECORDING_LIMITS;
    const recorder = new BootRecorder(limits);
    let timer: NodeJS.Timeout | undefined;
    let saved: Promise<BootProfile | undefined> | undefined;
    const finish = (): Promise<BootProfile | undefined> => {
      saved ??= (async () => {
        stop();
        clearTimeout(timer);
        recorder.finish();
        const chunks = recorder.chunks();
        if (chunks.length === 0) return undefined;
        const profile: BootProfile = { key, chunkSize: volume.chunkSize, chunks, recordedAt: this.now() };
        await this.store.save(profile);
        this.log(`boot profile ${key} recorded from volume ${volume.name}: ${chunks.length} chunks`);
        return profile;
      })();
      return saved;
    };
    const stop = volume.watchTouches((first, last) => {
      if (timer === undefined) timer = setTimeout(() => void finish().catch((e: Error) => this.log(`boot profile ${key} not stored: ${e.message}`)), limits.windowMs).unref();
      if (!recorder.touch(first, last, this.now())) void finish().catch((e: Error) => this.log(`boot profile ${key} not stored: ${e.message}`));
    });
    return { key, used: false, prefetched: Promise.resolve(0), finish };
  }
}
