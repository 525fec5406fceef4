/**
 * What the tests need from their environment: the run's fresh database (set
 * by globalSetup) and Redis when REDIS_URL is given (CI gives it).
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPrismaClient, type Db } from '../../src/config/db.js';
import { loadEnv, type Env } from '../../src/config/env.js';
import { createLogger, type Logger } from '../../src/config/logger.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with npm test (jest globalSetup sets it)`);
  return value;
}

export const testDatabaseUrl = (): string => required('TEST_DATABASE_URL');
export const emptyDatabaseUrl = (): string => required('TEST_EMPTY_DATABASE_URL');
/** Only the report tests write here, so a report's totals are theirs alone. */
export const reportsDatabaseUrl = (): string => required('TEST_REPORTS_DATABASE_URL');
export const redisUrl = (): string | undefined => process.env.REDIS_URL || undefined;

export function testEnv(overrides: Record<string, string> = {}): Env {
  // Kept files go to a folder of the test run's, not the project's .data/files.
  const files = path.join(tmpdir(), `parth-test-files-${process.ppid}`);
  return loadEnv({
    NODE_ENV: 'test',
    DATABASE_URL: testDatabaseUrl(),
    LOG_LEVEL: 'error',
    FILES_DIR: files,
    // Each Jest worker has a job queue of its own: the jobs one test file leaves are never another's.
    JOBS_SCHEMA: testJobsSchema(),
    ...overrides,
  });
}

export const testJobsSchema = (): string => `jobs_test_${process.pid}`;

export const silentLogger: Logger = createLogger({ NODE_ENV: 'test', LOG_LEVEL: 'error' });
silentLogger.silent = true;

/**
 * Tests that race many writers on one row (50 desks, one slot) queue longer on a busy
 * machine than the production lock timeout allows; only the lock-timeout test sets a short one.
 */
export function testDb(url = testDatabaseUrl(), maxConnections = 5, lockTimeoutMs = 60_000): Db {
  return createPrismaClient(url, { maxConnections, lockTimeoutMs });
}

/** The letterhead the printed documents carry in tests (as env gives it to the server). */
export const testHospital = {
  HOSPITAL_NAME: 'Parth Hospital',
  HOSPITAL_ADDRESS: 'Pune',
  HOSPITAL_GSTIN: '27AAAAA0000A1Z5',
  HOSPITAL_STATE_CODE: '27',
};
