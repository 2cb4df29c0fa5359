// Plan events ↔ ferry.migration.v1 protobuf messages (plan_events.proto).
import { ferry } from '@ferry/proto';
import type { EventCodec } from '@ferry/event-store';
import { protoEventCodec } from '../wire/proto-codec';
import type { PlanEvent } from './plan-events';

const v1 = ferry.migration.v1;

export const planCodec: EventCodec<PlanEvent> = protoEventCodec<PlanEvent>(
  { PlanCreated: v1.PlanCreated, PlanStarted: v1.PlanStarted, PlanCancelled: v1.PlanCancelled, PlanDiskRateSet: v1.PlanDiskRateSet },
  ['planId', 'causeCommandId'],
  'plan event',
);
