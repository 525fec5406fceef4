/**
 * ESM + ts-jest. Integration tests run against a real PostgreSQL: the one in
 * DATABASE_URL when set, else an embedded server. tests/support/globalSetup.ts
 * creates a fresh database for this run and applies the real migrations.
 *
 * @type {import('jest').Config}
 */
const config = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  globalSetup: '<rootDir>/tests/support/globalSetup.mjs',
  setupFiles: ['<rootDir>/tests/support/perWorker.ts'],
  setupFilesAfterEnv: ['<rootDir>/tests/support/afterEachFile.ts'],
  globalTeardown: '<rootDir>/tests/support/globalTeardown.mjs',
  // Two cores here: two workers keep PostgreSQL and the tests from starving each other.
  maxWorkers: 2,
  testTimeout: 30_000,
};

export default config;
