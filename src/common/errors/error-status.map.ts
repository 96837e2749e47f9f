import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from './error-code.enum';

/** The one place an error code becomes an HTTP status and a public message. */
export const ERROR_STATUS: Record<ErrorCode, { status: HttpStatus; message: string }> = {
  [ErrorCode.EmailRequired]: {
    status: HttpStatus.BAD_REQUEST,
    message: 'Email address is required',
  },
  [ErrorCode.InvalidEmail]: { status: HttpStatus.BAD_REQUEST, message: 'Invalid email address' },
  [ErrorCode.InvalidBody]: {
    status: HttpStatus.BAD_REQUEST,
    message: 'Request body must be a JSON object',
  },
  [ErrorCode.InvalidQuery]: { status: HttpStatus.BAD_REQUEST, message: 'Invalid query parameter' },
  [ErrorCode.MalformedJson]: { status: HttpStatus.BAD_REQUEST, message: 'Malformed JSON body' },
  [ErrorCode.UnsupportedMediaType]: {
    status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    message: 'Content-Type must be application/json',
  },
  [ErrorCode.PayloadTooLarge]: {
    status: HttpStatus.PAYLOAD_TOO_LARGE,
    message: 'Payload too large',
  },
  [ErrorCode.Unauthorized]: { status: HttpStatus.UNAUTHORIZED, message: 'Unauthorized' },
  [ErrorCode.InvalidSignature]: { status: HttpStatus.UNAUTHORIZED, message: 'Invalid signature' },
  [ErrorCode.NotFound]: { status: HttpStatus.NOT_FOUND, message: 'Not found' },
  [ErrorCode.NotificationNotFound]: {
    status: HttpStatus.NOT_FOUND,
    message: 'Notification not found',
  },
  [ErrorCode.NotificationBeingProcessed]: {
    status: HttpStatus.CONFLICT,
    message: 'Notification is being processed; replay it once it has settled',
  },
  [ErrorCode.Conflict]: { status: HttpStatus.CONFLICT, message: 'Conflict' },
  [ErrorCode.TooManyRequests]: {
    status: HttpStatus.TOO_MANY_REQUESTS,
    message: 'Too many requests',
  },
  [ErrorCode.InboxUnavailable]: {
    status: HttpStatus.SERVICE_UNAVAILABLE,
    message: 'Notification could not be recorded, please retry',
  },
  [ErrorCode.Internal]: {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    message: 'Internal server error',
  },
};
