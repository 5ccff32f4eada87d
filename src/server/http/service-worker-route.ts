import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built service worker at the site root, `/parley-sw.js`, so pages on this server
 * (the demo) can register it for the whole origin. Other sites copy the file to their own root.
 */
export function registerServiceWorkerRoute(app: FastifyInstance, staticRoot: string | undefined): void {
  const file = staticRoot ? join(staticRoot, 'dist', 'parley-sw.js') : undefined;
  if (!file || !existsSync(file)) return;
  app.get('/parley-sw.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'no-cache').send(await readFile(file)),
  );
}
