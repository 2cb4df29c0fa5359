import { defineConfig, path, serviceBase, string, type ConfigOf } from '@ferry/service-kit';

/** Everything the guest-prep service reads from its environment, validated once at start-up. */
export const config = defineConfig({
  ...serviceBase({ opsPort: 8002 }),
  caDir: path({ env: 'CA_DIR', default: '/var/lib/ferry/site-ca', absolute: true, doc: 'site CA that certifies guest-prep\'s event-signing key' }),
  stateDir: path({ env: 'STATE_DIR', default: '/var/lib/ferry/guest-prep', absolute: true, doc: 'guest-prep\'s event-signing key (0600), its signed audit checkpoint, and mounts/, where its runs mount replica disks (what a killed run left there is unmounted at start)' }),
  // The vCenter whose VMs are prepared through vSphere Guest Operations (the prem one). Optional:
  // without it, PrepareVm accepts only the ssh and offline channels.
  vcenterUrl: string({ env: 'GUEST_PREP_VCENTER_URL', default: '', doc: 'https://<vcenter>/sdk for Guest Operations; empty disables the vsphere channel' }),
  vcenterUsername: string({ env: 'GUEST_PREP_VCENTER_USERNAME', default: '', doc: 'vCenter user with the VirtualMachine.GuestOperations privileges' }),
  vcenterPassword: string({ env: 'GUEST_PREP_VCENTER_PASSWORD', default: '', doc: 'password of GUEST_PREP_VCENTER_USERNAME' }),
  vcenterThumbprint: string({ env: 'GUEST_PREP_VCENTER_THUMBPRINT', default: '', doc: 'pinned SHA-1 thumbprint of the vCenter certificate (required with GUEST_PREP_VCENTER_URL)' }),
});

export type Config = ConfigOf<typeof config>;
