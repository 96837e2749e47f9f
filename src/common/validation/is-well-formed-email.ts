import { isEmail, ValidateBy, type ValidationOptions } from 'class-validator';
import { isWellFormedText } from '../text/well-formed';

export type EmailOptions = Parameters<typeof isEmail>[1];

/**
 * class-validator's isEmail, except that text which is not well-formed
 * Unicode (a lone surrogate, which JSON can carry) is simply not an email
 * address: isEmail itself throws on it (validator.js decodes the address
 * with decodeURIComponent), and a validator that throws is a 500.
 */
export function isWellFormedEmail(value: unknown, options?: EmailOptions): value is string {
  return typeof value === 'string' && isWellFormedText(value) && isEmail(value, options);
}

/**
 * isWellFormedEmail as a class-validator decorator. Use it in place of IsEmail:
 * class-validator runs every rule of a property, so a separate well-formedness
 * rule would not keep IsEmail from running.
 */
export function IsWellFormedEmail(
  options?: EmailOptions,
  validationOptions?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isWellFormedEmail',
      constraints: [options],
      validator: {
        validate: (value: unknown): boolean => isWellFormedEmail(value, options),
        defaultMessage: () => '$property must be an email address',
      },
    },
    validationOptions,
  );
}
