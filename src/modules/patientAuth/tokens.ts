/**
 * Patient API credentials. Access tokens: HS256 JWTs for 15 minutes, signed
 * with PATIENT_JWT_SECRET and verified with the algorithm pinned (a token
 * claiming "none" or RS256 is refused). Refresh and reset tokens: 32 random
 * bytes, handed out once and stored only as their SHA-256.
 */
import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

export const ACCESS_TOKEN_SECONDS = 15 * 60;
const ISSUER = 'parth-hospital-erp';
const AUDIENCE = 'patient-api';
const ALGORITHM = 'HS256';

export interface AccessTokens {
  sign(patientId: number): Promise<string>;
  /** The patient id, or null for a token that is missing, forged, expired or not ours. */
  verify(token: string): Promise<number | null>;
}

export function accessTokens(secret: string, now: () => Date = () => new Date()): AccessTokens {
  const key = new TextEncoder().encode(secret);
  return {
    sign: (patientId) => {
      const issuedAt = Math.floor(now().getTime() / 1000);
      return new SignJWT({})
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(String(patientId))
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ACCESS_TOKEN_SECONDS)
        .sign(key);
    },
    verify: async (token) => {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          issuer: ISSUER,
          audience: AUDIENCE,
          currentDate: now(),
        });
        const id = Number(payload.sub);
        return Number.isInteger(id) && id > 0 ? id : null;
      } catch {
        return null;
      }
    },
  };
}

/** A fresh opaque token and the hash that is stored. */
export function opaqueToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
