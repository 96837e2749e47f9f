/**
 * Module boundaries of the monolith (run by `npm run lint`):
 *  - common knows no feature;
 *  - members and positions are leaves: they know neither each other nor intercom;
 *  - intercom never imports member-sync; member-sync uses Intercom's ports only;
 *  - a feature folder is reached only through its public face, its index.ts (the module
 *    class and the ports, providers, types and events others need): the folders under
 *    src/intercom (gateway, inbox, webhook, lookup, enrichment, sync, backfill, workspace,
 *    canvas, events, listeners), src/intercom itself (IntercomModule), and admin, cli, health,
 *    members, positions, member-sync and metrics; common is a kit of one-job files and is
 *    imported file by file;
 *  - nothing under src reaches into test code;
 *  - no cycles.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'features-through-their-index',
      comment:
        'A file outside a feature folder (src/intercom/<feature>/, or admin, cli, health, ' +
        'members, positions, member-sync, metrics) imports it only through its index.ts; the ' +
        "folder's other files are its own. $1 is the importing file's own folder.",
      severity: 'error',
      from: { path: '^src/(?:intercom/)?([^/]+)' },
      to: {
        path: '^src/(intercom/[^/]+|admin|cli|health|members|positions|member-sync|metrics)/',
        pathNot: ['^src/(intercom/)?$1/', '^src/(intercom/)?[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'intercom-module-through-its-index',
      comment: 'IntercomModule, from outside src/intercom, through src/intercom/index.ts.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/intercom/' },
      to: { path: '^src/intercom/[^/]+\\.ts$', pathNot: '^src/intercom/index\\.ts$' },
    },
    {
      name: 'common-is-feature-free',
      severity: 'error',
      from: { path: '^src/common/' },
      to: { path: '^src/(intercom|members|positions|health|metrics|admin|cli|member-sync)/' },
    },
    {
      name: 'members-is-a-leaf',
      severity: 'error',
      from: { path: '^src/members/' },
      to: { path: '^src/(intercom|positions|health|metrics|admin|cli|member-sync)/' },
    },
    {
      name: 'positions-is-a-leaf',
      severity: 'error',
      from: { path: '^src/positions/' },
      to: { path: '^src/(intercom|members|health|metrics|admin|cli|member-sync)/' },
    },
    {
      name: 'intercom-knows-no-member-sync',
      comment:
        'The other paths tell the member sync what they wrote through MemberContactWrittenEvent ' +
        '(an Intercom event); they never call it.',
      severity: 'error',
      from: { path: '^src/intercom/' },
      to: { path: '^src/member-sync/' },
    },
    {
      name: 'member-sync-uses-intercom-ports-only',
      comment:
        'The member sync uses the gateway port, the shared attribute builder and diff, and the ' +
        'events, and the inbox only for describeError; never the webhook, sync or backfill.',
      severity: 'error',
      from: { path: '^src/member-sync/' },
      to: {
        path: '^src/intercom/',
        pathNot: '^src/intercom/(gateway|enrichment|events|inbox)/index\\.ts$',
      },
    },
    {
      name: 'member-sync-uses-ports',
      comment:
        'Members, positions and Intercom through their ports: no TypeORM entity, SDK or client.',
      severity: 'error',
      from: { path: '^src/member-sync/' },
      to: {
        path: '^src/(members|positions)/(persistence|supabase)/|^src/intercom/gateway/(sdk-|dry-run-|intercom-fetcher|throttled-fetch)',
      },
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
