import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../store/schema.js';
import type { ServerMetrics } from './metrics.js';

export interface OpsRouteDeps {
  db: Kysely<Database>;
  metrics: ServerMetrics;
  /** False once the node is shutting down, so the load balancer stops sending it connections. */
  accepting(): boolean;
}

/**
 * `/readyz` for load balancers (`/healthz` only says the process answers) and `/metrics` for
 * Prometheus. Readiness asks the database, since a node that cannot commit cannot ack.
 */
export function registerOpsRoutes(app: FastifyInstance, deps: OpsRouteDeps): void {
  app.get('/readyz', async (_request, reply) => {
    if (!deps.accepting()) return reply.code(503).send({ ready: false, reason: 'shutting down' });
    try {
      await sql`select 1`.execute(deps.db);
    } catch {
      return reply.code(503).send({ ready: false, reason: 'database unreachable' });
    }
    return { ready: true };
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('Content-Type', deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
}
