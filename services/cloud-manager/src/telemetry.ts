// Imported first by main.ts: OpenTelemetry is registered before NestJS or any client library loads.
import { startTelemetry } from '@ferry/service-kit/telemetry';

startTelemetry('cloud-manager');
