import { isDefined, isNotEmpty, isString, maxLength } from 'class-validator';
import { AppError } from '../../common/errors/app.error';
import { ErrorCode } from '../../common/errors/error-code.enum';
import { isWellFormedEmail, type EmailOptions } from '../../common/validation/is-well-formed-email';

/** The longest address looked up (RFC 5321's path limit); documented on LookupEmailDto. */
export const LOOKUP_EMAIL_MAX_LENGTH = 254;

/**
 * What counts as an email address here: internationalised local parts are
 * allowed, IP-address domains are not. Text that is not well-formed Unicode
 * (a lone surrogate) is not an address: "Invalid email address", never a 500.
 */
export const LOOKUP_EMAIL_OPTIONS: EmailOptions = {
  allow_utf8_local_part: true,
  allow_ip_domain: false,
};

/**
 * The lookup body's one rule, for every way the route is served: the body must
 * be a JSON object whose `email`, trimmed, is present and non-empty
 * (else EmailRequired), a string of at most 254 characters that is a
 * well-formed email address (else InvalidEmail). Other properties are ignored.
 * Answers the trimmed address. The checks are class-validator's own functions,
 * as the DTO's decorators used them.
 */
export function readLookupEmail(body: unknown): string {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AppError(ErrorCode.InvalidBody);
  }
  const raw = (body as { email?: unknown }).email;
  const email = typeof raw === 'string' ? raw.trim() : raw;
  if (!isDefined(email) || !isNotEmpty(email)) throw new AppError(ErrorCode.EmailRequired);
  if (
    !isString(email) ||
    !maxLength(email, LOOKUP_EMAIL_MAX_LENGTH) ||
    !isWellFormedEmail(email, LOOKUP_EMAIL_OPTIONS)
  ) {
    throw new AppError(ErrorCode.InvalidEmail);
  }
  return email;
}

/** The refusals readLookupEmail makes: lookups refused for their input (counted `invalid`). */
export const INVALID_LOOKUP_INPUT: ReadonlySet<ErrorCode> = new Set([
  ErrorCode.EmailRequired,
  ErrorCode.InvalidEmail,
  ErrorCode.InvalidBody,
]);
