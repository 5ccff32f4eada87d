import type { UserProfile } from '../protocol/model.js';

/**
 * Reads the user a token names, without verifying it (only the server can). The client needs
 * the id before connecting, to open that user's cache.
 */
export function profileFromToken(token: string): UserProfile {
  const claims = claimsOf(token) as { sub?: unknown; name?: unknown; avatar?: unknown; role?: unknown };
  if (typeof claims.sub !== 'string' || !claims.sub) throw new TypeError('The token names no user');
  const profile: UserProfile = { id: claims.sub, name: typeof claims.name === 'string' ? claims.name : claims.sub };
  if (typeof claims.avatar === 'string') profile.avatar = claims.avatar;
  // Customer service: lets a page tell an agent's login from a visitor's (the server decides what each may do).
  if (claims.role === 'agent' || claims.role === 'visitor') profile.role = claims.role;
  return profile;
}

/**
 * How long a token lasts from its issue (ms), or undefined when it cannot be read. Both ends
 * are the issuer's clock, so this holds however wrong the device's clock is.
 */
export function tokenLifetime(token: string): number | undefined {
  try {
    const { exp, iat } = claimsOf(token) as { exp?: unknown; iat?: unknown };
    return typeof exp === 'number' && typeof iat === 'number' ? (exp - iat) * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** A JWT's payload, unverified. */
function claimsOf(token: string): unknown {
  const part = token.split('.')[1];
  if (!part) throw new TypeError('Not a JWT');
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}
