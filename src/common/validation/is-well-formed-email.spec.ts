import { validate } from 'class-validator';
import { IsWellFormedEmail, isWellFormedEmail } from './is-well-formed-email';

class Probe {
  @IsWellFormedEmail({ allow_utf8_local_part: true }, { message: 'invalid' })
  email!: unknown;
}

async function errorsFor(email: unknown): Promise<string[]> {
  const probe = Object.assign(new Probe(), { email });
  return (await validate(probe)).flatMap((error) => Object.values(error.constraints ?? {}));
}

describe('IsWellFormedEmail', () => {
  it.each(['john.doe@example.com', 'jürgen@exämple.de', 'john@ex\uD83D\uDE00ample.com'])(
    'accepts %j',
    async (email) => {
      await expect(errorsFor(email)).resolves.toEqual([]);
    },
  );

  it.each(['not-an-email', 42, null, ['a@b.org']])('refuses %j as IsEmail does', async (email) => {
    await expect(errorsFor(email)).resolves.toEqual(['invalid']);
  });

  // class-validator's IsEmail throws URIError on these, which would be a 500.
  it.each(['\uD800@example.com', 'john@exam\uDC00ple.com', 'john\uD83D@example.com'])(
    'refuses %j, not well-formed Unicode, without throwing',
    async (email) => {
      await expect(errorsFor(email)).resolves.toEqual(['invalid']);
    },
  );
});

describe('isWellFormedEmail', () => {
  it('answers as the decorator does, without throwing on ill-formed text', () => {
    expect(isWellFormedEmail('jürgen@exämple.de', { allow_utf8_local_part: true })).toBe(true);
    expect(isWellFormedEmail('jürgen@example.de', { allow_utf8_local_part: false })).toBe(false);
    expect(isWellFormedEmail('\uD800@example.com')).toBe(false);
    expect(isWellFormedEmail(42)).toBe(false);
  });
});
