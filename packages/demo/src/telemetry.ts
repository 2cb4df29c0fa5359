// Imported first by main.ts: OpenTelemetry is registered before anything else loads.
import { startTelemetry } from '@ferry/service-kit/telemetry';

startTelemetry('demo');
