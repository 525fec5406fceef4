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

/** How many verified tokens are remembered (each ~200 bytes): the patients active in 15 minutes. */
const VERIFIED_TOKENS_KEPT = 20_000;

export function accessTokens(secret: string, now: () => Date = () => new Date()): AccessTokens {
  const key = new TextEncoder().encode(secret);
  // A token that verified once answers the same until it expires (its bytes are its signature):
  // remembering it spares the HMAC — in jose, an asynchronous WebCrypto call — on every request
  // of a patient's session. Only tokens that verified are kept, so forged ones cannot fill it.
  const verified = new Map<string, { patientId: number; expiresAt: number }>();
  const remember = (token: string, patientId: number, expiresAt: number) => {
    if (verified.size >= VERIFIED_TOKENS_KEPT) verified.delete(verified.keys().next().value!);
    verified.set(token, { patientId, expiresAt });
  };
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
      const known = verified.get(token);
      if (known) {
        if (now().getTime() < known.expiresAt) return known.patientId;
        verified.delete(token);
      }
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          issuer: ISSUER,
          audience: AUDIENCE,
          requiredClaims: ['exp'],
          currentDate: now(),
        });
        const id = Number(payload.sub);
        if (!Number.isInteger(id) || id <= 0) return null;
        remember(token, id, payload.exp! * 1000);
        return id;
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
