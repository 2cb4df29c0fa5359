export * from './chunk-receiver-client';
export * from './session-stripes';
export * from './stripe-line';
export { GrpcStripeLine } from './grpc-stripe-line';
export { LeanStripeLine } from './lean-stripe-line';
