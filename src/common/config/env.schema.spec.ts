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
      INBOX_CONCURRENCY: 64,
      SUPABASE_POSITIONS_TABLE: 'positions',
      INTERCOM_API_BASE_URL: 'https://api.intercom.io',
      INTERCOM_API_VERSION: '2.11',
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

  it('waits 60 s for MySQL at start by default; 0 means one attempt', () => {
    expect(parseEnv({}).MYSQL_STARTUP_WAIT_MS).toBe(60_000);
    expect(parseEnv({ MYSQL_STARTUP_WAIT_MS: '0' }).MYSQL_STARTUP_WAIT_MS).toBe(0);
    expect(parseEnv({ MYSQL_STARTUP_WAIT_MS: '3000' }).MYSQL_STARTUP_WAIT_MS).toBe(3000);
  });

  it('keeps done notifications 30 days and failed ones 90 by default, whole days from 1 up', () => {
    expect(parseEnv({})).toMatchObject({
      INBOX_RETENTION_DAYS: 30,
      INBOX_FAILED_RETENTION_DAYS: 90,
    });
    expect(
      parseEnv({ INBOX_RETENTION_DAYS: '1', INBOX_FAILED_RETENTION_DAYS: '365' }),
    ).toMatchObject({ INBOX_RETENTION_DAYS: 1, INBOX_FAILED_RETENTION_DAYS: 365 });
  });

  it('keeps contacts current every 5 minutes and in full at 03:00 UTC by default', () => {
    expect(parseEnv({})).toMatchObject({
      MEMBER_SYNC_ENABLED: true,
      MEMBER_SYNC_INTERVAL_MS: 300_000,
      MEMBER_SYNC_FULL_AT: '03:00',
      MEMBER_SYNC_CONCURRENCY: 50,
    });
    expect(
      parseEnv({
        MEMBER_SYNC_ENABLED: 'false',
        MEMBER_SYNC_INTERVAL_MS: '1000',
        MEMBER_SYNC_FULL_AT: '23:59',
        MEMBER_SYNC_CONCURRENCY: '500',
      }),
    ).toMatchObject({
      MEMBER_SYNC_ENABLED: false,
      MEMBER_SYNC_INTERVAL_MS: 1000,
      MEMBER_SYNC_FULL_AT: '23:59',
      MEMBER_SYNC_CONCURRENCY: 500,
    });
  });

  it('sets no Intercom rate ceiling by default (the limit Intercom announces is followed); empty is unset', () => {
    expect(parseEnv({}).INTERCOM_RATE_LIMIT).toBeUndefined();
    expect(parseEnv({ INTERCOM_RATE_LIMIT: '' }).INTERCOM_RATE_LIMIT).toBeUndefined();
    expect(parseEnv({ INTERCOM_RATE_LIMIT: '500' }).INTERCOM_RATE_LIMIT).toBe(500);
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
    ['INTERCOM_RATE_LIMIT', '0'],
    ['INTERCOM_RATE_LIMIT', 'all of it'],
    ['LOG_LEVEL', 'loud'],
    ['DB_TYPE', 'postgres'],
    ['SUPABASE_POSITIONS_TABLE', 'positions; drop table x'],
    ['MYSQL_STARTUP_WAIT_MS', '-1'],
    ['MYSQL_STARTUP_WAIT_MS', 'a minute'],
    ['MYSQL_STARTUP_WAIT_MS', '3600001'],
    ['INTERCOM_WEBHOOK_UNSIGNED', 'yes'],
    ['INBOX_RETENTION_DAYS', '0'],
    ['INBOX_RETENTION_DAYS', '7.5'],
    ['INBOX_RETENTION_DAYS', 'forever'],
    ['INBOX_FAILED_RETENTION_DAYS', '-3'],
    ['INBOX_FAILED_RETENTION_DAYS', '36501'],
    ['MEMBER_SYNC_ENABLED', 'yes'],
    ['MEMBER_SYNC_INTERVAL_MS', '999'],
    ['MEMBER_SYNC_INTERVAL_MS', '5m'],
    ['MEMBER_SYNC_INTERVAL_MS', '2147483648'],
    ['MEMBER_SYNC_FULL_AT', '3:00'],
    ['MEMBER_SYNC_FULL_AT', '24:00'],
    ['MEMBER_SYNC_FULL_AT', '03:60'],
    ['MEMBER_SYNC_CONCURRENCY', '0'],
    ['MEMBER_SYNC_CONCURRENCY', '501'],
    ['INBOX_CONCURRENCY', '0'],
    ['TRUST_PROXY_HOPS', 'yes'],
    ['TRUST_PROXY_HOPS', '-1'],
  ])('rejects %s=%j with one line naming the variable and not the value', (name, value) => {
    let caught: unknown;
    try {
      // With its key, so that a malformed SUPABASE_URL is the only thing wrong.
      parseEnv({ [name]: value, SUPABASE_SERVICE_ROLE_KEY: 'srk' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigValidationError);
    const message = (caught as Error).message;
    expect(message).toMatch(new RegExp(`^Invalid configuration: ${name} `));
    expect(message).not.toContain('\n');
    expect(message).not.toContain(value);
  });

  it('reports every wrong variable at once, one line each, never a value', () => {
    let caught: unknown;
    try {
      parseEnv({ PORT: 'eighty', TRUST_PROXY_HOPS: 'yes', LOG_LEVEL: 'loud', MYSQL_PASS: 'pw' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigValidationError);
    expect((caught as ConfigValidationError).lines).toEqual([
      'Invalid configuration: PORT must be a number',
      'Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
      'Invalid configuration: TRUST_PROXY_HOPS must be a whole number of proxies (0 or more)',
    ]);
  });

  it('takes one client secret, or two during a rotation (new first), never three', () => {
    expect(parseEnv({ INTERCOM_CLIENT_SECRET: 'only' }).INTERCOM_CLIENT_SECRET).toEqual(['only']);
    expect(parseEnv({ INTERCOM_CLIENT_SECRET: ' new , old ' }).INTERCOM_CLIENT_SECRET).toEqual([
      'new',
      'old',
    ]);
    expect(() => parseEnv({ INTERCOM_CLIENT_SECRET: 'a,b,c' })).toThrow(
      /^Invalid configuration: INTERCOM_CLIENT_SECRET holds at most two secrets/,
    );
  });

  it('leaves metrics open by default; METRICS_API_KEYS is a key list', () => {
    expect(parseEnv({}).METRICS_API_KEYS).toEqual([]);
    expect(parseEnv({ METRICS_API_KEYS: 'm1, m2' }).METRICS_API_KEYS).toEqual(['m1', 'm2']);
  });

  it('requires the service-role key along with a Supabase URL', () => {
    expect(() => parseEnv({ SUPABASE_URL: 'http://127.0.0.1:1' })).toThrow(
      /SUPABASE_SERVICE_ROLE_KEY/,
    );
  });

  it('refuses unsigned webhooks unless INTERCOM_WEBHOOK_UNSIGNED=allow', () => {
    expect(parseEnv({}).INTERCOM_WEBHOOK_UNSIGNED).toBe('refuse');
    expect(parseEnv({ INTERCOM_WEBHOOK_UNSIGNED: 'allow' }).INTERCOM_WEBHOOK_UNSIGNED).toBe(
      'allow',
    );
  });

  describe('in production', () => {
    const complete = {
      NODE_ENV: 'production',
      INTERCOM_ACCESS_TOKEN: 'tok',
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
      expect(parseEnv(env).INTERCOM_WEBHOOK_SECRET).toEqual(['s']);
    });

    it('refuses the in-memory database', () => {
      expect(() => parseEnv({ ...complete, DB_TYPE: 'sqljs' })).toThrow(
        /^Invalid configuration: DB_TYPE must be mysql when NODE_ENV=production/,
      );
    });

    it('refuses INTERCOM_WEBHOOK_UNSIGNED=allow with a secret, in one line naming it', () => {
      expect(() => parseEnv({ ...complete, INTERCOM_WEBHOOK_UNSIGNED: 'allow' })).toThrow(
        /^Invalid configuration: INTERCOM_WEBHOOK_UNSIGNED must not be allow when NODE_ENV=production [^\n]*$/,
      );
    });

    it('refuses INTERCOM_WEBHOOK_UNSIGNED=allow without a secret, naming both variables', () => {
      const env = { ...complete, INTERCOM_CLIENT_SECRET: '', INTERCOM_WEBHOOK_UNSIGNED: 'allow' };
      expect(() => parseEnv(env)).toThrow(
        /^Invalid configuration: INTERCOM_WEBHOOK_UNSIGNED must not be allow [^\n]*\nInvalid configuration: INTERCOM_CLIENT_SECRET is required [^\n]*$/,
      );
    });

    it('reports a missing secret in the same start as a mistyped variable', () => {
      const env = { ...complete, INTERCOM_ACCESS_TOKEN: '', PORT: 'eighty' };
      expect(() => parseEnv(env)).toThrow(
        /^Invalid configuration: PORT must be a number\nInvalid configuration: INTERCOM_ACCESS_TOKEN is required when NODE_ENV=production [^\n]*$/,
      );
    });

    it.each(['INTERCOM_CLIENT_SECRET', 'INTERCOM_ACCESS_TOKEN', 'LOOKUP_API_KEYS'])(
      'refuses to start without %s',
      (name) => {
        expect(() => parseEnv({ ...complete, [name]: '' })).toThrow(
          new RegExp(`^Invalid configuration: ${name} is required`),
        );
      },
    );
  });
});
