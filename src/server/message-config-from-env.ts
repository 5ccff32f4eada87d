import type { ServerConfig } from './config.js';

/**
 * The message, upload and push settings `npm start` reads from the environment; anything unset
 * keeps its documented default.
 */
export function messageConfigFromEnv(env: NodeJS.ProcessEnv): Pick<ServerConfig, 'messages' | 'files' | 'push'> {
  const messages: NonNullable<ServerConfig['messages']> = {};
  const maxText = positive(env, 'PARLEY_MAX_TEXT_LENGTH');
  const maxBytes = positive(env, 'PARLEY_MAX_MESSAGE_BYTES');
  const recallWindow = positive(env, 'PARLEY_RECALL_WINDOW_SECONDS');
  const editWindow = positive(env, 'PARLEY_EDIT_WINDOW_SECONDS');
  if (maxText !== undefined) messages.maxTextLength = maxText;
  if (maxBytes !== undefined) messages.maxMessageBytes = maxBytes;
  if (recallWindow !== undefined) messages.recallWindowMs = recallWindow * 1000;
  if (editWindow !== undefined) messages.editWindowMs = editWindow * 1000;
  if (env.PARLEY_RECALL === 'off') messages.allowRecall = false;
  if (env.PARLEY_EDIT === 'off') messages.allowEdit = false;
  const files: NonNullable<ServerConfig['files']> = {};
  const maxUpload = positive(env, 'PARLEY_MAX_UPLOAD_BYTES');
  if (maxUpload !== undefined) files.maxUploadBytes = maxUpload;
  const keepUnused = positive(env, 'PARLEY_KEEP_UNUSED_UPLOADS_HOURS');
  if (keepUnused !== undefined) files.keepUnusedMs = keepUnused * 3600 * 1000;
  const perHour = positive(env, 'PARLEY_UPLOAD_BYTES_PER_HOUR');
  if (perHour !== undefined) files.uploadBytesPerHour = perHour;
  return { messages, files, push: env.PARLEY_PUSH_SUBJECT ? { subject: env.PARLEY_PUSH_SUBJECT } : {} };
}

function positive(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number.`);
  return value;
}
