// Access events ↔ ferry.security.v1 protobuf messages (proto/ferry/security/v1/events.proto).
import { ferry } from '@ferry/proto';
import type { EventCodec } from '@ferry/event-store';
import { protoEventCodec } from '../wire/proto-codec';
import type { PrincipalEvent } from './principal-events';
import type { RefusalEvent } from './refusal-events';

const v1 = ferry.security.v1;

export const principalCodec: EventCodec<PrincipalEvent> = protoEventCodec<PrincipalEvent>(
  { UserCreated: v1.UserCreated, RoleGranted: v1.RoleGranted, PasswordSet: v1.PasswordSet, ApiKeyIssued: v1.ApiKeyIssued, ApiKeyRevoked: v1.ApiKeyRevoked, TokenKeyRotated: v1.TokenKeyRotated },
  ['causeCommandId'],
  'principal event',
);

export const refusalCodec: EventCodec<RefusalEvent> = protoEventCodec<RefusalEvent>({ CallRefused: v1.CallRefused }, ['causeCommandId'], 'security event');
