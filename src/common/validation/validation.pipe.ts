import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError } from '../errors/app.error';
import { ErrorCode } from '../errors/error-code.enum';

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

function codesOf(errors: ValidationError[]): ErrorCode[] {
  return errors.flatMap((error) => [
    ...Object.values(error.constraints ?? {}).filter((m): m is ErrorCode => KNOWN_CODES.has(m)),
    ...codesOf(error.children ?? []),
  ]);
}

/**
 * DTO validation whose messages are error codes (see the DTOs), so that the
 * answer is the contract's exact message. A body that is not an object at
 * all, or breaks a rule with no code, is "Request body must be a JSON object".
 * When several rules fail, the one listed first in ErrorCode wins
 * (e.g. "required" before "invalid").
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const codes = codesOf(errors);
      const order = Object.values(ErrorCode);
      codes.sort((a, b) => order.indexOf(a) - order.indexOf(b));
      return new AppError(codes[0] ?? ErrorCode.InvalidBody);
    },
  });
}
