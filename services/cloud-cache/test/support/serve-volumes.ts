/**
 * The cloud-cache service exactly as main.ts composes it (service kit, NATS commands, CACHE_TARGETS,
 * volume registry) except for the RemoteFetcherFactory: command-made volumes read their misses from
 * raw files under LOCAL_SOURCE_DIR (see local-fetchers.ts). Tests run its build as a process
 * (dist/test/support/serve-volumes.js) so they can stop, restart and kill -9 it like the service.
 */
import { Module } from '@nestjs/common';
import { runService } from '@ferry/service-kit';
import { CLOUD_CACHE_CONTROLLERS, CLOUD_CACHE_PROVIDERS } from '../../src/app.module';
import { config } from '../../src/config';
import { REMOTE_FETCHER_FACTORY } from '../../src/volumes/remote-fetchers';
import { localFetchers } from './local-fetchers';

@Module({
  controllers: CLOUD_CACHE_CONTROLLERS,
  providers: [{ provide: REMOTE_FETCHER_FACTORY, useValue: localFetchers(process.env.LOCAL_SOURCE_DIR ?? '.') }, ...CLOUD_CACHE_PROVIDERS],
})
class LocalSourceAppModule {}

void runService({ name: 'cloud-cache', schema: config, module: LocalSourceAppModule });
