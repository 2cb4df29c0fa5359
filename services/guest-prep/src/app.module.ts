import { join } from 'node:path';
import { Controller, Inject, Logger, Module } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { NatsConnection } from 'nats';
import { JetStreamEventStore, signedStoreOptions } from '@ferry/event-store';
import { ferry } from '@ferry/proto';
import { NATS_CONNECTION, NatsRunOwners, registerSecret, SERVICE_CONFIG } from '@ferry/service-kit';
import { VsphereClient } from '@ferry/vsphere';
import { GuestPrepService, type ChannelOpener } from './app/guest-prep-service';
import { VsphereGuestChannel } from './channels/vsphere';
import { releaseLeftMounts } from './disks/loop-mount';
import type { Config } from './config';

/** Opens a Guest Operations channel per command on the configured vCenter (one session per prep). */
function vsphereOpener(c: Config): ChannelOpener | undefined {
  if (!c.vcenterUrl) return undefined;
  return async (cmd) => {
    const client = await VsphereClient.connect({ url: c.vcenterUrl, username: c.vcenterUsername, password: c.vcenterPassword, tls: { thumbprint: c.vcenterThumbprint } });
    registerSecret(cmd.vsphere?.guestPassword); // it arrives in the command; this process never prints it
    const channel = new VsphereGuestChannel(client, { type: 'VirtualMachine', value: cmd.vsphere?.vmMoref ?? '' }, { username: cmd.vsphere?.guestUser ?? '', password: cmd.vsphere?.guestPassword ?? '' });
    const close = channel.close.bind(channel);
    channel.close = async () => {
      await close();
      await client.logout();
    };
    return channel;
  };
}

/** NATS command handlers: `ferry.cmd.guest-prep.prepare-vm`, `….fixup`, `….fixup-disks` and `….restore-prem-disks`. */
@Controller()
class GuestPrepController {
  constructor(@Inject(GuestPrepService) private readonly service: GuestPrepService) {}

  @MessagePattern('ferry.cmd.guest-prep.prepare-vm')
  async prepareVm(@Payload() cmd: ferry.guestprep.v1.PrepareVm): Promise<ferry.guestprep.v1.PrepareVmReply> {
    return ferry.guestprep.v1.PrepareVmReply.create(await this.service.prepareVm(cmd));
  }

  @MessagePattern('ferry.cmd.guest-prep.fixup')
  async fixUpReplica(@Payload() cmd: ferry.guestprep.v1.FixUpReplica): Promise<ferry.guestprep.v1.FixUpReplicaReply> {
    return ferry.guestprep.v1.FixUpReplicaReply.create(await this.service.fixUpReplica(cmd));
  }

  @MessagePattern('ferry.cmd.guest-prep.fixup-disks')
  async fixUpReplicaDisks(@Payload() cmd: ferry.guestprep.v1.FixUpReplicaDisks): Promise<ferry.guestprep.v1.FixUpReplicaDisksReply> {
    return this.service.fixUpReplicaDisks(cmd);
  }

  @MessagePattern('ferry.cmd.guest-prep.restore-prem-disks')
  async restorePremDisks(@Payload() cmd: ferry.guestprep.v1.RestorePremDisks): Promise<ferry.guestprep.v1.FixUpReplicaDisksReply> {
    return this.service.restorePremDisks(cmd);
  }
}

/**
 * The guest-prep service's providers and NATS handlers. The service kit adds config (SERVICE_CONFIG),
 * the shared NATS connection (NATS_CONNECTION), health and metrics, and the
 * `ferry.cmd.guest-prep.ping` handler around this module. Events go to the JetStream event store
 * (stream FERRY_EVENTS, subjects ferry.evt.guestprep.<prep id> and ferry.evt.fixup.<fixup id>).
 */
@Module({
  imports: [],
  controllers: [GuestPrepController],
  providers: [
    {
      provide: GuestPrepService,
      useFactory: async (nc: NatsConnection, c: Config) => {
        const mountsUnder = join(c.stateDir, 'mounts');
        const released = await releaseLeftMounts(mountsUnder);
        if (released.length) new Logger('guest-prep').warn(`released ${released.length} mount(s) an interrupted run left (${released.join(', ')}); its disks can be fixed up again`);
        const store = await JetStreamEventStore.open(nc, { ...(await signedStoreOptions({ caDir: c.caDir, stateDir: c.stateDir, name: 'guest-prep' })), replicas: c.natsStreamReplicas });
        return new GuestPrepService(store, Date.now, vsphereOpener(c), { owners: new NatsRunOwners(nc, 'guest-prep') }, mountsUnder);
      },
      inject: [NATS_CONNECTION, SERVICE_CONFIG],
    },
  ],
})
export class AppModule {}
