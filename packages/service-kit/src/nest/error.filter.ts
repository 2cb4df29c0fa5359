import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { throwError, type Observable } from 'rxjs';
import { describeError } from '../nats/envelope';

/**
 * Sends a handler's error back with its class name and message (NestJS's default replaces unknown
 * errors with "Internal server error", which tells the caller nothing).
 */
@Catch()
export class ReplyWithErrorFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    const error = exception instanceof RpcException ? exception.getError() : exception;
    return throwError(() => (typeof error === 'string' ? { name: 'Error', message: error } : describeError(error)));
  }
}
