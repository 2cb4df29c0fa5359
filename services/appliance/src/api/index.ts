// The integrator gRPC API (ferry.api.v1.Ferry) and its client of the inventory service.
export { startApiServer, type ApiServer, type ApiDependencies } from './api-server';
export { inventoryClient, type Inventory } from './inventory-gateway';
export { type Caller } from './caller';
export { apiServerCredentials, API_LEAF_NAME } from './api-tls';
export { planStream } from './plan-api';
