import { errors, jwtVerify, SignJWT } from 'jose';
import { ChatError } from '../../protocol/chat-error.js';
import type { UserProfile } from '../../protocol/model.js';
import { userIdSchema } from '../../protocol/schemas.js';

/**
 * User tokens: HS256 JWTs the site's backend signs with the shared secret. The algorithm is
 * pinned, so `alg: none` or a different algorithm is refused rather than trusted.
 */
export class TokenVerifier {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async sign(profile: UserProfile, ttlSeconds = 24 * 3600): Promise<string> {
    const claims: Record<string, string | string[]> = { name: profile.name };
    if (profile.avatar) claims.avatar = profile.avatar;
    if (profile.role) claims.role = profile.role;
    if (profile.departments) claims.departments = profile.departments;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(profile.id)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.key);
  }

  /** The user a token names, or a typed refusal saying why not. */
  async verify(token: unknown): Promise<UserProfile> {
    return (await this.verifySession(token)).user;
  }

  /** The user a token names and when the token expires (ms since epoch), or a typed refusal. */
  async verifySession(token: unknown): Promise<{ user: UserProfile; expiresAt: number }> {
    if (typeof token !== 'string' || token.length === 0) throw new ChatError('SESSION_REQUIRED');
    if (token.length > 4096) throw new ChatError('INVALID_LOGIN');
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], requiredClaims: ['sub', 'exp'] }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new ChatError('SESSION_TOKEN_EXPIRED');
      if (error instanceof errors.JWSSignatureVerificationFailed) throw new ChatError('SIGNATURE_FAILED');
      throw new ChatError('INVALID_LOGIN');
    }
    const id = userIdSchema.safeParse(payload.sub);
    if (!id.success) throw new ChatError('INVALID_LOGIN', 'The token names no valid user id');
    const name = typeof payload.name === 'string' && payload.name.trim() ? payload.name.slice(0, 100) : id.data;
    const profile: UserProfile = { id: id.data, name };
    if (typeof payload.avatar === 'string' && /^https?:\/\//.test(payload.avatar)) profile.avatar = payload.avatar;
    // Customer service roles come from the signed token only, never from a command's payload.
    if (payload.role === 'agent' || payload.role === 'visitor') profile.role = payload.role;
    if (profile.role === 'agent' && Array.isArray(payload.departments)) {
      profile.departments = payload.departments.filter((d): d is string => typeof d === 'string').slice(0, 50);
    }
    return { user: profile, expiresAt: payload.exp! * 1000 };
  }
}
