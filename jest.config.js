/**
 * Three tiers, as the README describes:
 *  - unit:        *.spec.ts beside the code, no I/O; test/ci/ runs .ci/ scripts on temporary files.
 *  - integration: test/integration/**, real MariaDB and PostgreSQL.
 *  - e2e:         test/e2e/**, the real Nest app over HTTP.
 */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
const base = { transform: { '^.+\\.ts$': tsJest }, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  projects: [
    {
      ...base,
      displayName: 'unit',
      rootDir: '.',
      // test/ci: the CI's own checks (.ci/*.cjs), which live outside src.
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/ci/**/*.spec.ts'],
    },
    {
      ...base,
      displayName: 'integration',
      rootDir: '.',
      testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
    {
      ...base,
      displayName: 'e2e',
      rootDir: '.',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
  ],
};
