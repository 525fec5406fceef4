import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadEnv } from '../../src/config/env.js';

function problemsOf(source: Record<string, string>): string[] {
  try {
    loadEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration from the environment', () => {
  it('starts a development server with no variables at all', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ NODE_ENV: 'development', PORT: 3000, TRUST_PROXY: false, CORS_ORIGINS: [], SEED_DEMO_DATA: true });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('names the variable and the expected form when a value is wrong', () => {
    expect(problemsOf({ PORT: 'abc' })).toEqual(['Invalid configuration: PORT: expected a port number (got "abc")']);
    expect(problemsOf({ PORT: '70000' })).toEqual(['Invalid configuration: PORT: expected a port between 1 and 65535 (got "70000")']);
  });

  it('lists every wrong variable, one line each', () => {
    const problems = problemsOf({ PORT: 'x', NODE_ENV: 'staging', CORS_ORIGINS: 'not a url' });
    expect(problems).toHaveLength(3);
    expect(problems.map((line) => line.split(':')[1]?.trim())).toEqual(expect.arrayContaining(['PORT', 'NODE_ENV', 'CORS_ORIGINS']));
  });

  it('runs one web process unless told, and more than one only with Redis for the shared rate limits', () => {
    expect(loadEnv({}).WEB_CONCURRENCY).toBe(1);
    expect(loadEnv({ WEB_CONCURRENCY: '2', REDIS_URL: 'redis://127.0.0.1:6379' }).WEB_CONCURRENCY).toBe(2);
    expect(problemsOf({ WEB_CONCURRENCY: '2' })).toEqual([
      'Invalid configuration: WEB_CONCURRENCY: more than one web process needs REDIS_URL (the rate limits are shared there)',
    ]);
    expect(problemsOf({ WEB_CONCURRENCY: 'two' })).toEqual([
      'Invalid configuration: WEB_CONCURRENCY: expected a number of processes (got "two")',
    ]);
    expect(problemsOf({ WEB_CONCURRENCY: '0' })[0]).toMatch(/^Invalid configuration: WEB_CONCURRENCY: /);
  });

  it('never echoes a database URL, which may hold a password', () => {
    const [problem] = problemsOf({ DATABASE_URL: 'mysql://admin:s3cret@db/x' });
    expect(problem).toMatch(/^Invalid configuration: DATABASE_URL: expected a postgresql:\/\//);
    expect(problem).not.toContain('s3cret');
  });

  it('requires DATABASE_URL and SESSION_SECRET in production and never seeds demo data there', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems[0]).toMatch(/^Invalid configuration: DATABASE_URL: required when NODE_ENV=production/);
    expect(problems[1]).toMatch(/^Invalid configuration: SESSION_SECRET: required when NODE_ENV=production/);
    expect(problems[2]).toMatch(/^Invalid configuration: PATIENT_JWT_SECRET: required when NODE_ENV=production/);
    const env = loadEnv({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://u:p@db:5432/erp',
      SESSION_SECRET: 'a'.repeat(32),
      PATIENT_JWT_SECRET: 'b'.repeat(32),
      SEED_DEMO_DATA: 'true',
    });
    expect(env.SEED_DEMO_DATA).toBe(false);
  });

  it('refuses a short session secret without echoing it, and an idle timeout out of range', () => {
    expect(problemsOf({ SESSION_SECRET: 'tooshort-secret' })).toEqual([
      'Invalid configuration: SESSION_SECRET: expected at least 32 characters',
    ]);
    expect(problemsOf({ SESSION_IDLE_MINUTES: '0' })).toEqual([
      'Invalid configuration: SESSION_IDLE_MINUTES: expected between 1 and 1440 minutes (got "0")',
    ]);
    expect(loadEnv({}).SESSION_IDLE_MINUTES).toBe(30);
  });

  it('refuses a patient token secret shorter than 32 bytes, without echoing it', () => {
    expect(problemsOf({ PATIENT_JWT_SECRET: 'short-jwt-secret-31-bytes-long!' })).toEqual([
      'Invalid configuration: PATIENT_JWT_SECRET: expected at least 32 bytes',
    ]);
    // Bytes, not characters: these 14 Devanagari code points are 42 bytes in UTF-8.
    expect(loadEnv({ PATIENT_JWT_SECRET: 'अस्पतालसुरक्षा' }).PATIENT_JWT_SECRET).toBe('अस्पतालसुरक्षा');
  });

  it('reads secrets from *_FILE and refuses both forms at once', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'env-')), 'db-url');
    writeFileSync(file, 'postgresql://erp:pw@db:5432/erp\n');
    expect(loadEnv({ DATABASE_URL_FILE: file }).DATABASE_URL).toBe('postgresql://erp:pw@db:5432/erp');
    expect(problemsOf({ DATABASE_URL_FILE: file, DATABASE_URL: 'postgresql://x@y/z' })).toEqual([
      'Invalid configuration: set DATABASE_URL or DATABASE_URL_FILE, not both',
    ]);
    expect(problemsOf({ REDIS_URL_FILE: '/nonexistent/redis' })).toEqual([
      'Invalid configuration: REDIS_URL_FILE: cannot read file /nonexistent/redis',
    ]);
  });

  it('parses trust proxy settings and CORS origin lists', () => {
    expect(loadEnv({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadEnv({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toBe('loopback, 10.0.0.0/8');
    expect(loadEnv({ CORS_ORIGINS: 'https://patients.parth.hospital, http://localhost:5173' }).CORS_ORIGINS).toEqual([
      'https://patients.parth.hospital',
      'http://localhost:5173',
    ]);
  });

  it('treats an empty value as not set, as a .env line "NAME=" means', () => {
    const env = loadEnv({ PORT: '', DATABASE_URL: '' });
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
  });
});

describe('secrets nobody set', () => {
  it('are generated once per machine into SECRETS_DIR, kept across starts, and never a constant', async () => {
    const { mkdtempSync, readFileSync, statSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'parth-secrets-'));
    const first = loadEnv({ NODE_ENV: 'development' }, { secretsRoot: dir });
    const second = loadEnv({ NODE_ENV: 'development' }, { secretsRoot: dir });
    const elsewhere = loadEnv({ NODE_ENV: 'development' }, { secretsRoot: mkdtempSync(path.join(tmpdir(), 'parth-secrets-')) });
    expect(first.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(Buffer.byteLength(first.PATIENT_JWT_SECRET)).toBeGreaterThanOrEqual(32);
    expect(first.SESSION_SECRET).not.toBe(first.PATIENT_JWT_SECRET);
    expect(second).toMatchObject({ SESSION_SECRET: first.SESSION_SECRET, PATIENT_JWT_SECRET: first.PATIENT_JWT_SECRET });
    expect(elsewhere.SESSION_SECRET).not.toBe(first.SESSION_SECRET);
    expect(readFileSync(path.join(dir, 'SESSION_SECRET'), 'utf8')).toBe(first.SESSION_SECRET);
    expect(statSync(path.join(dir, 'SESSION_SECRET')).mode & 0o077).toBe(0);
  });

  it('are refused in production, and so is a low bcrypt cost', () => {
    expect(() => loadEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://u:p@db:5432/x' })).toThrow(/SESSION_SECRET: required/);
    const secrets = { SESSION_SECRET: 's'.repeat(40), PATIENT_JWT_SECRET: 'j'.repeat(40), DATABASE_URL: 'postgresql://u:p@db:5432/x' };
    expect(() => loadEnv({ NODE_ENV: 'production', ...secrets, BCRYPT_COST: '4' })).toThrow(/BCRYPT_COST/);
    expect(loadEnv({ NODE_ENV: 'production', ...secrets }).BCRYPT_COST).toBe(12);
  });
});
