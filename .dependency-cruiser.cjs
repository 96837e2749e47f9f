/**
 * Module boundaries of the monolith (run by `npm run lint`):
 *  - common knows no feature;
 *  - members and positions are leaves: they know neither each other nor intercom;
 *  - nothing under src reaches into test code;
 *  - no cycles.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'common-is-feature-free',
      severity: 'error',
      from: { path: '^src/common/' },
      to: { path: '^src/(intercom|members|positions|health|metrics|admin|cli)/' },
    },
    {
      name: 'members-is-a-leaf',
      severity: 'error',
      from: { path: '^src/members/' },
      to: { path: '^src/(intercom|positions|health|metrics|admin|cli)/' },
    },
    {
      name: 'positions-is-a-leaf',
      severity: 'error',
      from: { path: '^src/positions/' },
      to: { path: '^src/(intercom|members|health|metrics|admin|cli)/' },
    },
    {
      name: 'entities-stay-in-members',
      comment: 'TypeORM entities never leave their module; a mapper returns the plain Member type.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/members/' },
      to: { path: '^src/members/persistence/' },
    },
    {
      name: 'supabase-stays-in-positions',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/positions/supabase/' },
      to: { path: '@supabase/supabase-js' },
    },
    {
      name: 'intercom-sdk-stays-in-the-gateway',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/intercom/gateway/' },
      to: { path: 'node_modules/intercom-client' },
    },
    {
      name: 'src-never-imports-tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|sandbox)/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '\\.spec\\.ts$' },
  },
};
