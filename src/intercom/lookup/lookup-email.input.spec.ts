import { AppError } from '../../common/errors/app.error';
import { ErrorCode } from '../../common/errors/error-code.enum';
import { readLookupEmail } from './lookup-email.input';

function refusal(body: unknown): ErrorCode | 'accepted' {
  try {
    readLookupEmail(body);
    return 'accepted';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

describe('readLookupEmail', () => {
  it('answers the address trimmed, ignoring other properties', () => {
    expect(readLookupEmail({ email: '  John.Doe@Example.com \n', other: '\uD800' })).toBe(
      'John.Doe@Example.com',
    );
  });

  it.each([
    ['a unicode address', 'jürgen@exämple.de'],
    ['a surrogate pair', 'john@ex\uD83D\uDE00ample.com'],
    ['254 characters', `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`],
  ])('accepts %s', (_label, email) => {
    expect(email.length).toBeLessThanOrEqual(254);
    expect(refusal({ email })).toBe('accepted');
  });

  it.each([
    ['no email', {}],
    ['undefined', { email: undefined }],
    ['null', { email: null }],
    ['an empty string', { email: '' }],
    ['blanks', { email: ' \t ' }],
  ])('EmailRequired for %s', (_label, body) => {
    expect(refusal(body)).toBe(ErrorCode.EmailRequired);
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
  ])('InvalidEmail for %s', (_label, email) => {
    expect(refusal({ email })).toBe(ErrorCode.InvalidEmail);
  });

  it.each([
    ['an array', [{ email: 'a@b.org' }]],
    ['null', null],
    ['a string', 'a@b.org'],
    ['a number', 1],
    ['undefined', undefined],
  ])('InvalidBody for %s', (_label, body) => {
    expect(refusal(body)).toBe(ErrorCode.InvalidBody);
  });
});
