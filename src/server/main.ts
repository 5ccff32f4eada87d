import { createChatServer } from './index.js';
import { configFromEnv } from './config-from-env.js';
import { createLogger } from './logger.js';

const logger = createLogger();
let config;
try {
  config = configFromEnv();
} catch (error) {
  logger.fatal((error as Error).message);
  process.exit(1);
}
const server = await createChatServer(config, logger);
if (config.demo) {
  logger.warn('DEMO MODE: anyone can get a token for any name. Set NODE_ENV=production and PARLEY_SECRET for real use.');
}
logger.info(`Parley listening on http://localhost:${new URL(server.url).port}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
