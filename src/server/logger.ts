import pino, { type Logger } from 'pino';

/** Structured JSON logs; quiet in tests unless LOG_LEVEL says otherwise. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { service: 'parley' } });
}
