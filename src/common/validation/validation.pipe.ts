import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError } from '../errors/app.error';
import { ErrorCode } from '../errors/error-code.enum';

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));
const ORDER = Object.values(ErrorCode);

function codesOf(errors: ValidationError[]): ErrorCode[] {
  return errors.flatMap((error) => [
    ...Object.values(error.constraints ?? {}).filter((m): m is ErrorCode => KNOWN_CODES.has(m)),
    ...codesOf(error.children ?? []),
  ]);
}

/**
 * DTO validation whose messages are error codes (see the DTOs), so that the
 * answer is the contract's exact message. When several rules fail, the one
 * listed first in ErrorCode wins (e.g. "required" before "invalid"). A body
 * that is not a JSON object, or breaks a rule with no code, is InvalidBody.
 */
class CodedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isDto =
      metadata.type === 'body' &&
      typeof metadata.metatype === 'function' &&
      metadata.metatype !== Object;
    if (isDto && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new AppError(ErrorCode.InvalidBody);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new CodedValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => {
      const codes = codesOf(errors).sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
      return new AppError(codes[0] ?? ErrorCode.InvalidBody);
    },
  });
}
