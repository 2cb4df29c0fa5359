// Adapters behind the orchestration ports: vCenter (@ferry/vsphere) and the data plane (prem-manager).
export * from './vsphere-target';
export * from './vsphere-source-power';
export * from './shipper-disk-copy';
