import type { sendUnaryData, ServerReadableStream } from '@grpc/grpc-js';
import { grpcStatusOf } from '@ferry/errors';
import { ferry } from '@ferry/proto';
import { stripeIntake, type StripeSetting } from './stripe-intake';

type StripeCall = ServerReadableStream<ferry.dataplane.v1.SenderMessage, ferry.dataplane.v1.StripeClosed>;
const pb = ferry.dataplane.v1;

/**
 * One TransferStripe stream: StripeOpen names a session opened on this receiver's Transfer stream, then
 * chunk frames of that session follow; StripeClosed counts them when the sender ends the stripe. A stripe
 * that is cut before its end fails its session, whose Transfer stream then ends with the reason.
 */
export function handleStripe(call: StripeCall, callback: sendUnaryData<ferry.dataplane.v1.StripeClosed>, stripes: StripeSetting | undefined): void {
  const intake = stripeIntake(stripes, (error, frames) => {
    if (error === undefined) callback(null, pb.StripeClosed.create({ frames }));
    else callback({ code: grpcStatusOf(error), details: error.message });
  });
  call.on('data', (message: ferry.dataplane.v1.SenderMessage) => intake.message(message));
  call.on('end', () => intake.end());
  call.on('cancelled', () => intake.cut());
  call.on('error', () => undefined);
}
