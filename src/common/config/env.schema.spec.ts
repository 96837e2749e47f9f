import { ConfigValidationError, parseEnv } from './env.schema';

describe('parseEnv', () => {
  it('applies the contract defaults', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      PORT: 1300,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DB_TYPE: 'mysql',
      MYSQL_HOST: '127.0.0.1',
      MYSQL_PORT: 3306,
      MYSQL_USER: 'root',
      MYSQL_PASS: '',
      MYSQL_DB: 'natca',
      MYSQL_POOL_SIZE: 10,
      SUPABASE_POSITIONS_TABLE: 'positions',
      INTERCOM_API_BASE_URL: 'https://api.intercom.io',
      INTERCOM_API_VERSION: '2.11',
      INTERCOM_RATE_LIMIT: 166,
      INTERCOM_RATE_WINDOW_MS: 10000,
      INTERCOM_SYNC_TAG: 'mynatca-sync',
      INTERCOM_MEMBER_NUMBER_ATTRIBUTE: 'member_number_verification',
      SUPABASE_TIMEOUT_MS: 5000,
      LOOKUP_RATE_LIMIT: 60,
      LOOKUP_RATE_WINDOW_MS: 60000,
      LOOKUP_API_KEYS: [],
      ADMIN_API_KEYS: [],
    });
  });

  it('splits key lists and drops blanks', () => {
    expect(parseEnv({ LOOKUP_API_KEYS: ' a, b ,,c ' }).LOOKUP_API_KEYS).toEqual(['a', 'b', 'c']);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['MYSQL_PORT', '33.5'],
    ['MYSQL_POOL_SIZE', '0'],
    ['INTERCOM_API_BASE_URL', 'not a url'],
    ['INTERCOM_API_BASE_URL', 'ftp://api.intercom.io'],
    ['SUPABASE_URL', 'localhost:54321'],
    ['INTERCOM_RATE_LIMIT', '-1'],
    ['LOG_LEVEL', 'loud'],
    ['DB_TYPE', 'postgres'],
    ['SUPABASE_POSITIONS_TABLE', 'positions; drop table x'],
  ])('rejects %s=%j with one line naming the variable and not the value', (name, value) => {
    let caught: unknown;
    try {
      parseEnv({ [name]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigValidationError);
    const message = (caught as Error).message;
    expect(message).toMatch(new RegExp(`^Invalid configuration: ${name} `));
    expect(message).not.toContain('\n');
    expect(message).not.toContain(value);
  });

  it('requires the service-role key along with a Supabase URL', () => {
    expect(() => parseEnv({ SUPABASE_URL: 'http://127.0.0.1:1' })).toThrow(
      /SUPABASE_SERVICE_ROLE_KEY/,
    );
  });

  describe('in production', () => {
    const complete = {
      NODE_ENV: 'production',
      INTERCOM_CLIENT_SECRET: 's3cret',
      LOOKUP_API_KEYS: 'k',
      SUPABASE_URL: 'https://x.supabase.co',
      SUPABASE_SERVICE_ROLE_KEY: 'srk',
    };

    it('starts with everything set', () => {
      expect(parseEnv(complete).NODE_ENV).toBe('production');
    });

    it('accepts INTERCOM_WEBHOOK_SECRET as the client secret', () => {
      const env = { ...complete, INTERCOM_CLIENT_SECRET: '', INTERCOM_WEBHOOK_SECRET: 's' };
      expect(parseEnv(env).INTERCOM_WEBHOOK_SECRET).toBe('s');
    });

    it('refuses the in-memory database', () => {
      expect(() => parseEnv({ ...complete, DB_TYPE: 'sqljs' })).toThrow(
        /^Invalid configuration: DB_TYPE must be mysql when NODE_ENV=production/,
      );
    });

    it.each(['INTERCOM_CLIENT_SECRET', 'LOOKUP_API_KEYS'])(
      'refuses to start without %s',
      (name) => {
        expect(() => parseEnv({ ...complete, [name]: '' })).toThrow(
          new RegExp(`^Invalid configuration: ${name} is required`),
        );
      },
    );
  });
});
