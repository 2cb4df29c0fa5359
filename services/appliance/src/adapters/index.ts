// Adapters behind the orchestration ports: vCenter (@ferry/vsphere), the inventory and the data plane (prem-manager).
export * from './vsphere-target';
export * from './vsphere-source-power';
export * from './shipper-disk-copy';
export * from './datastore-layout';
export * from './datastore-disk-copy';
export * from './inventory-source';
export * from './guest-prep-fixup';
export * from './guest-prep-restore';
export * from './guest-prep-network';
export * from './guest-prep-prepare';
export * from './cache-volumes';
export * from './chap-secret';
export * from './vsphere-warm-target';
export * from './shipper-ship-back';
export * from './vsphere-precopy';
export * from './grpc-transfer-control';
