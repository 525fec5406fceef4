/**
 * Secrets a development machine or a test run needs but nobody set: made once
 * from 48 random bytes and kept in a file of their own (mode 0600) under
 * SECRETS_DIR (`.data/secrets`, never committed), so restarts keep sessions
 * and tokens valid, and no constant in the repository can sign either.
 * Production never comes here: loadEnv refuses to start without real ones.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './paths.js';

/** The kept secret `name`, generated on first use; several processes at once agree on one. */
export function localSecret(dir: string, name: string): string {
  const folder = path.resolve(projectRoot, dir);
  const file = path.join(folder, name);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    // Not made yet: below.
  }
  // Only the secrets' own folder is private: a recursive mkdir would give its parents (.data/,
  // where the embedded PostgreSQL keeps its data too) the same 0700, and as root PostgreSQL
  // runs as the postgres user, who must pass through them.
  mkdirSync(path.dirname(folder), { recursive: true });
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  // Written aside, then linked into place: link() fails when another process got there
  // first, and then its secret (complete, never half-written) is the one.
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, randomBytes(48).toString('base64url'), { mode: 0o600 });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(draft, { force: true });
  }
  return readFileSync(file, 'utf8').trim();
}
