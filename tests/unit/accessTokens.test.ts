/**
 * Access tokens (src/modules/patientAuth/tokens.ts): a token that verified is
 * remembered, but only until it expires, and only its exact bytes.
 */
import { ACCESS_TOKEN_SECONDS, accessTokens } from '../../src/modules/patientAuth/tokens.js';

const SECRET = 'unit-test-patient-jwt-secret-0123456789abcdef';

describe('access tokens', () => {
  it('stays valid on repeated use and is refused once it expires, remembered or not', async () => {
    let now = new Date('2026-12-07T10:00:00Z');
    const tokens = accessTokens(SECRET, () => now);
    const token = await tokens.sign(42);
    expect(await tokens.verify(token)).toBe(42);
    expect(await tokens.verify(token)).toBe(42);
    now = new Date(now.getTime() + (ACCESS_TOKEN_SECONDS - 1) * 1000);
    expect(await tokens.verify(token)).toBe(42);
    now = new Date(now.getTime() + 1000);
    expect(await tokens.verify(token)).toBeNull();
    expect(await tokens.verify(token)).toBeNull();
  });

  it('refuses a remembered token with one character changed, and one signed with another secret', async () => {
    const tokens = accessTokens(SECRET);
    const token = await tokens.sign(7);
    expect(await tokens.verify(token)).toBe(7);
    // A character inside the signature (the last one also carries padding bits).
    const at = token.length - 10;
    const changed = token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
    expect(await tokens.verify(changed)).toBeNull();
    const [header, , signature] = token.split('.');
    const otherBody = Buffer.from(JSON.stringify({ sub: '8' })).toString('base64url');
    expect(await tokens.verify(`${header}.${otherBody}.${signature}`)).toBeNull();
    expect(await accessTokens(`${SECRET}-other`).verify(token)).toBeNull();
  });
});
