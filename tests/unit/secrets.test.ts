/**
 * Generated local secrets (src/config/secrets.ts): one per name, kept across
 * calls, in a folder only its owner may enter — and only that folder: the
 * folders above it (.data/, which the embedded PostgreSQL's own user must pass
 * through) keep the ordinary mode.
 */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { localSecret } from '../../src/config/secrets.js';

describe('a generated local secret', () => {
  it('is made once, kept in a private folder, and leaves the folders above it open to pass through', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'parth-secrets-'));
    const dir = path.join(root, '.data', 'secrets');
    const first = localSecret(dir, 'session_secret');
    expect(first).toMatch(/^[\w-]{64}$/);
    expect(localSecret(dir, 'session_secret')).toBe(first);
    expect(localSecret(dir, 'patient_jwt_secret')).not.toBe(first);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, 'session_secret')).mode & 0o777).toBe(0o600);
    // The umask decides the parent's mode; what matters is that others may pass through it.
    expect(statSync(path.join(root, '.data')).mode & 0o001).toBe(0o001);
  });
});
