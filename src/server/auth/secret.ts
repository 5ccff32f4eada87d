import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The demo signing key: made once and kept in the data folder, so demo tokens stay valid
 * across restarts. Production passes PARLEY_SECRET instead.
 */
export function loadOrCreateDemoSecret(dataDir: string): string {
  const file = join(dataDir, 'demo-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
