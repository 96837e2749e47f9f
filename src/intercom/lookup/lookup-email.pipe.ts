import { Injectable, type PipeTransform } from '@nestjs/common';
import { readLookupEmail } from './lookup-email.input';

/**
 * The lookup body's rule as a pipe: the JSON body in, the trimmed address out,
 * or AppError InvalidBody / EmailRequired / InvalidEmail (400) as
 * readLookupEmail decides. The same rule as LookupEmailDto's decorators
 * (lookup-email-rule.spec.ts checks them case by case), without building a
 * class instance and running class-validator on every lookup: it was about
 * 4 % of a lookup's CPU in the service's profile (BENCHMARKS.md).
 */
@Injectable()
export class LookupEmailPipe implements PipeTransform<unknown, string> {
  transform(body: unknown): string {
    return readLookupEmail(body);
  }
}
