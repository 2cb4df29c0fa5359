import { defineConfig, port, serviceBase, type ConfigOf } from '@ferry/service-kit';

/** Everything the cloud-cache service reads from its environment, validated once at start-up. */
export const config = defineConfig({
  ...serviceBase({ opsPort: 8006 }),
  iscsiPort: port({ env: 'ISCSI_PORT', default: 3260, doc: 'iSCSI target VMs boot from' }),
  fromCloudManagerPort: port({ env: 'FROM_CLOUD_MANAGER_PORT', default: 5000, doc: 'blocks from the cloud manager' }),
  microvm1Port: port({ env: 'MICROVM1_PORT', default: 9001, doc: 'cache control, first channel' }),
  microvm2Port: port({ env: 'MICROVM2_PORT', default: 9002, doc: 'cache control, second channel' }),
});

export type Config = ConfigOf<typeof config>;
