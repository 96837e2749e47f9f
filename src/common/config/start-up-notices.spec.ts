import { parseEnv } from './env.schema';
import { startUpNotices } from './start-up-notices';

describe('startUpNotices', () => {
  it('names each degraded mode of an unconfigured development start, with its variable', () => {
    const notices = startUpNotices(parseEnv({}));
    expect(notices.filter((n) => n.level === 'warn').map((n) => n.variable)).toEqual([
      'INTERCOM_ACCESS_TOKEN',
      'INTERCOM_CLIENT_SECRET',
      'SUPABASE_URL',
      'LOOKUP_API_KEYS',
      'ADMIN_API_KEYS',
    ]);
    expect(notices.find((n) => n.variable === 'INTERCOM_ACCESS_TOKEN')?.msg).toMatch(
      /^Intercom dry run/,
    );
  });

  it('says nothing of a fully configured production start but what it chose to leave open', () => {
    const env = parseEnv({
      NODE_ENV: 'production',
      INTERCOM_ACCESS_TOKEN: 'token-value-1',
      INTERCOM_CLIENT_SECRET: 'secret-value-1',
      LOOKUP_API_KEYS: 'lookup-value-1',
      ADMIN_API_KEYS: 'admin-value-1',
      SUPABASE_URL: 'https://x.supabase.co',
      SUPABASE_SERVICE_ROLE_KEY: 'role-value-1',
    });
    expect(startUpNotices(env)).toEqual([
      {
        level: 'log',
        msg: 'Metrics open: GET /api/metrics needs no key',
        variable: 'METRICS_API_KEYS',
      },
    ]);
    const closed = startUpNotices({ ...env, METRICS_API_KEYS: ['m'] });
    expect(closed).toEqual([]);
    expect(JSON.stringify(startUpNotices(env))).not.toMatch(/value-1/);
  });

  it('tells a rotation (two secrets) and unsigned webhooks apart from refused ones', () => {
    expect(
      startUpNotices(parseEnv({ INTERCOM_CLIENT_SECRET: 'new,old' })).find(
        (n) => n.variable === 'INTERCOM_CLIENT_SECRET',
      ),
    ).toMatchObject({
      level: 'log',
      msg: expect.stringMatching(/^Client secret rotation/) as string,
    });
    expect(
      startUpNotices(parseEnv({ INTERCOM_WEBHOOK_UNSIGNED: 'allow' })).map((n) => n.variable),
    ).toContain('INTERCOM_WEBHOOK_UNSIGNED');
  });
});
