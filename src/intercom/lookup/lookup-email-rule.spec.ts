import { AppError } from '../../common/errors/app.error';
import { ErrorCode } from '../../common/errors/error-code.enum';
import { createValidationPipe } from '../../common/validation/validation.pipe';
import { LookupEmailDto } from './dto/lookup-email.dto';
import { readLookupEmail } from './lookup-email.input';

const pipe = createValidationPipe();

/** LookupEmailDto through the global ValidationPipe: the rule the OpenAPI document states. */
async function viaDto(body: unknown): Promise<string> {
  const dto = (await pipe.transform(body, { type: 'body', metatype: LookupEmailDto })) as {
    email: string;
  };
  return dto.email;
}

/**
 * What the rule answers: the address, or the code it refuses with. The DTO
 * and readLookupEmail (LookupEmailPipe, the route's rule, and the bench's
 * plain Express reference) must agree.
 */
async function refusal(body: unknown): Promise<ErrorCode | 'accepted'> {
  const outcome = async (read: () => Promise<string>) => {
    try {
      await read();
      return 'accepted' as const;
    } catch (error) {
      if (error instanceof AppError) return error.code;
      throw error;
    }
  };
  const [dto, plain] = await Promise.all([
    outcome(() => viaDto(body)),
    outcome(() => Promise.resolve(readLookupEmail(body))),
  ]);
  expect(dto).toBe(plain);
  return dto;
}

describe('the lookup body rule (LookupEmailDto, readLookupEmail)', () => {
  it('answers the address trimmed, ignoring other properties', async () => {
    const body = { email: '  John.Doe@Example.com \n', other: '\uD800' };
    expect(readLookupEmail(body)).toBe('John.Doe@Example.com');
    await expect(viaDto(body)).resolves.toBe('John.Doe@Example.com');
  });

  it.each([
    ['a unicode address', 'jürgen@exämple.de'],
    ['a surrogate pair', 'john@ex\uD83D\uDE00ample.com'],
    ['254 characters', `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`],
  ])('accepts %s', async (_label, email) => {
    expect(email.length).toBeLessThanOrEqual(254);
    expect(await refusal({ email })).toBe('accepted');
  });

  it.each([
    ['no email', {}],
    ['undefined', { email: undefined }],
    ['null', { email: null }],
    ['an empty string', { email: '' }],
    ['blanks', { email: ' \t ' }],
  ])('EmailRequired for %s', async (_label, body) => {
    expect(await refusal(body)).toBe(ErrorCode.EmailRequired);
  });

  it.each([
    ['a word', 'not-an-email'],
    ['a number', 12345],
    ['false', false],
    ['an object', { $ne: '' }],
    ['a list', ['a@b.org']],
    ['SQL', "' OR 1=1 --"],
    ['an IP-address domain', 'john@[192.168.0.1]'],
    ['quotes', '"john"@"example".com'],
    ['255 characters', `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`],
    ['a lone high surrogate', '\uD800@example.com'],
    ['a lone low surrogate', 'john.doe@exam\uDC00ple.com'],
    ['a cut pair', 'john.doe\uD83D@example.com'],
    ['a lone surrogate after blanks', '  \uDBFF  '],
  ])('InvalidEmail for %s', async (_label, email) => {
    expect(await refusal({ email })).toBe(ErrorCode.InvalidEmail);
  });

  it.each([
    ['an array', [{ email: 'a@b.org' }]],
    ['null', null],
    ['a string', 'a@b.org'],
    ['a number', 1],
    ['undefined', undefined],
  ])('InvalidBody for %s', async (_label, body) => {
    expect(await refusal(body)).toBe(ErrorCode.InvalidBody);
  });
});
