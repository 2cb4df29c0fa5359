// ScheduleCutoverRequest and AdvisePlanRequest (advice.proto). A time in the past is the migration
// decider's refusal (it knows the command's time); here `at` must be set and in milliseconds.
import { z } from 'zod';
import { migrationId, planId } from './identifiers';
import { scheduledStart } from './time';

const at = scheduledStart(Date.now, 'cut over now with Cutover').refine((value) => value !== null && value !== undefined, {
  message: 'is not set; give the time to cut over at (unix milliseconds), or cut over now with Cutover',
});

export const scheduleCutoverRequest = z.object({ migrationId, at });
export const advisePlanRequest = z.object({ planId });
