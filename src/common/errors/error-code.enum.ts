/** Every error the service answers with, mapped to HTTP in exactly one place (error-status.map.ts). */
export enum ErrorCode {
  EmailRequired = 'EMAIL_REQUIRED',
  InvalidEmail = 'INVALID_EMAIL',
  InvalidBody = 'INVALID_BODY',
  InvalidQuery = 'INVALID_QUERY',
  MalformedJson = 'MALFORMED_JSON',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  Unauthorized = 'UNAUTHORIZED',
  InvalidSignature = 'INVALID_SIGNATURE',
  NotFound = 'NOT_FOUND',
  NotificationNotFound = 'NOTIFICATION_NOT_FOUND',
  NotificationBeingProcessed = 'NOTIFICATION_BEING_PROCESSED',
  Conflict = 'CONFLICT',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  InboxUnavailable = 'INBOX_UNAVAILABLE',
  Internal = 'INTERNAL',
}
