import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A folder the server can serve as its static root: the real built bundles (`/dist/`) and the
 * given pages under `/demo/`. Pages come from the server itself, as on a real site (pages
 * injected by the browser driver are treated as a different network and lose WebSockets).
 */
export function siteRoot(pages: Record<string, string>): { root: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'parley-site-'));
  symlinkSync(join(ROOT, 'dist'), join(root, 'dist'));
  mkdirSync(join(root, 'demo'));
  for (const [name, html] of Object.entries(pages)) writeFileSync(join(root, 'demo', name), html);
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>test site</title>');
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
