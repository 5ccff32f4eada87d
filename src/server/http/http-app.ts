import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { TokenVerifier } from '../auth/tokens.js';
import type { ServerConfig } from '../config.js';
import { registerDemoTokenRoute } from './demo-token-route.js';

/** HTTP side: health, the demo token endpoint, and the built widget with its demo pages. */
export async function createHttpApp(config: ServerConfig, tokens: TokenVerifier, logger: FastifyBaseLogger): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger,
    // Requests are not logged one by one; errors still are.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
  });

  app.addHook('onSend', async (_request, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
  });

  app.get('/healthz', async () => ({ ok: true }));

  if (config.demo) {
    if (config.allowedOrigins === '*') {
      // Demo tokens may be fetched by pages on other origins (the test runner, a local site).
      app.addHook('onRequest', async (request, reply) => {
        if (request.headers.origin) reply.header('Access-Control-Allow-Origin', '*');
      });
      app.options('/api/demo/token', async (_request, reply) =>
        reply.header('Access-Control-Allow-Headers', 'content-type').header('Access-Control-Allow-Methods', 'POST').code(204).send(),
      );
    }
    registerDemoTokenRoute(app, tokens);
  }

  if (config.staticRoot) {
    const root = config.staticRoot;
    const dist = join(root, 'dist');
    if (existsSync(dist)) {
      await app.register(fastifyStatic, {
        root: dist,
        prefix: '/dist/',
        decorateReply: false,
        // The widget is loaded by other sites' pages, some parts as modules (which need CORS).
        setHeaders: (reply) => reply.header('Access-Control-Allow-Origin', '*'),
      });
    }
    await app.register(fastifyStatic, { root: join(root, 'demo'), prefix: '/demo/', decorateReply: false });
    app.get('/', async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(await readFile(join(root, 'index.html'))),
    );
  }
  return app;
}
