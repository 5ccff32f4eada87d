import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

/**
 * The strict Content-Security-Policy the README gives a site embedding the widget: no inline
 * script or style, only the widget's own origin (`widget`, where its files are) and the chat
 * server (`server`: HTTP and WebSocket).
 */
export function strictPolicy(widget: string, server: string): string {
  const ws = server.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    `script-src 'self' ${widget}`,
    `connect-src 'self' ${server} ${ws}`,
    `img-src 'self' ${server} blob: data:`,
    `media-src 'self' ${server} blob:`,
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export interface HostSite {
  url: string;
  close(): Promise<void>;
}

/**
 * Another website on its own origin: it serves the given pages with a strict CSP, and the built
 * widget under `/dist/` (as a site copying it or a CDN would, so it loads even when the chat
 * server is down). Pages ending in `.css` are served as style sheets.
 */
export async function startHostSite(pages: Record<string, string>, policy: (origin: string) => string): Promise<HostSite> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://host').pathname;
    void (async () => {
      if (path.startsWith('/dist/')) {
        const file = normalize(join(DIST, path.slice('/dist/'.length)));
        if (!file.startsWith(DIST)) return response.writeHead(404).end();
        const body = await readFile(file).catch(() => undefined);
        if (!body) return response.writeHead(404).end();
        return response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(body);
      }
      const page = pages[path];
      if (page === undefined) return response.writeHead(404).end();
      if (path.endsWith('.css')) return response.writeHead(200, { 'content-type': 'text/css' }).end(page);
      const origin = `http://${request.headers.host}`;
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': policy(origin) }).end(page);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
