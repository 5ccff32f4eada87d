import type { Kysely } from 'kysely';
import { ChatError } from '../../protocol/chat-error.js';
import { MessageType } from '../../protocol/limits.js';
import type { FileInfo, LocationInfo } from '../../protocol/model.js';
import type { Database } from '../store/schema.js';
import type { MessagePolicy } from './message-policy.js';
import type { StoredContent } from './message-view.js';

/** A message's content as validated at the edge (see sendMessageSchema). */
export interface ContentInput {
  type: number;
  text?: string;
  attributes?: Record<string, unknown>;
  file?: { id: string; width?: number; height?: number; duration?: number };
  location?: LocationInfo;
  fields?: Record<string, unknown>;
  mentionList?: string[];
  mentionAll?: boolean;
  pushData?: Record<string, unknown>;
}

/** Content ready to store: the file resolved from the upload record, mentions checked. */
export interface ResolvedContent {
  text?: string;
  attributes?: Record<string, unknown>;
  content: StoredContent;
  mentionList?: string[];
  mentionAll: boolean;
}

/** What kind of file each rich type needs, by the sniffed mime type. */
const FILE_KINDS: Partial<Record<number, { prefix: string; noun: string }>> = {
  [MessageType.IMAGE]: { prefix: 'image/', noun: 'an image' },
  [MessageType.AUDIO]: { prefix: 'audio/', noun: 'an audio file' },
  [MessageType.VIDEO]: { prefix: 'video/', noun: 'a video' },
  [MessageType.FILE]: { prefix: '', noun: 'a file' },
};

/**
 * Checks what the schema cannot (configured limits, the sender's own upload, membership of the
 * mentioned) and turns the input into what is stored. Throws a typed error naming the field.
 */
export async function resolveContent(
  db: Kysely<Database>,
  sender: string,
  input: ContentInput,
  /** Who may be mentioned; undefined when the conversation keeps no member list (chat rooms). */
  members: readonly string[] | undefined,
  policy: MessagePolicy,
): Promise<ResolvedContent> {
  if (input.text !== undefined && input.text.length > policy.maxTextLength) {
    throw new ChatError('PAYLOAD_TOO_LARGE', `text: at most ${policy.maxTextLength} characters`, { field: 'text' });
  }
  const content: StoredContent = {};
  if (input.file) content.file = await resolveFile(db, sender, input.type, input.file);
  if (input.location) content.location = input.location;
  if (input.fields) content.fields = input.fields;
  const resolved: ResolvedContent = { content, mentionAll: input.mentionAll === true };
  if (input.text !== undefined) resolved.text = input.text;
  if (input.attributes) resolved.attributes = input.attributes;
  if (input.mentionList) resolved.mentionList = checkMentions(input.mentionList, members);

  const encoded = JSON.stringify({ ...resolved, pushData: input.pushData });
  if (Buffer.byteLength(encoded) > policy.maxMessageBytes) {
    throw new ChatError('PAYLOAD_TOO_LARGE', `A message is at most ${policy.maxMessageBytes} bytes encoded`, {
      field: '',
      max: policy.maxMessageBytes,
    });
  }
  return resolved;
}

/** Duplicates collapse; someone who is not a member cannot be mentioned. */
export function checkMentions(list: string[], members: readonly string[] | undefined): string[] {
  const unique = [...new Set(list)];
  if (!members) return unique;
  const outsider = unique.findIndex((user) => !members.includes(user));
  if (outsider >= 0) {
    throw new ChatError('INVALID_PAYLOAD', `mentionList.${outsider}: not a member`, { field: `mentionList.${outsider}` });
  }
  return unique;
}

/**
 * The file a message refers to must be the sender's own upload; its url, name, size and type
 * come from the upload record, never from the client.
 */
async function resolveFile(
  db: Kysely<Database>,
  sender: string,
  type: number,
  file: NonNullable<ContentInput['file']>,
): Promise<FileInfo> {
  const upload = await db
    .selectFrom('uploads')
    .selectAll()
    .where('id', '=', file.id)
    .where('owner', '=', sender)
    .executeTakeFirst();
  // Someone else's upload answers like a missing one.
  if (!upload) throw new ChatError('FILE_NOT_FOUND', undefined, { field: 'file.id' });
  const kind = FILE_KINDS[type];
  if (kind && !upload.mime.startsWith(kind.prefix)) {
    throw new ChatError('INVALID_PAYLOAD', `file: type ${type} needs ${kind.noun}, not ${upload.mime}`, { field: 'file' });
  }
  // In use now: no longer an orphan to sweep (files/orphan-uploads.ts).
  if (upload.attached_at === null) {
    await db.updateTable('uploads').set({ attached_at: Date.now() }).where('id', '=', upload.id).execute();
  }
  const info: FileInfo = { url: `/files/${upload.id}`, name: upload.name, size: Number(upload.size), mime: upload.mime };
  // The server's own measure of an image wins over the browser's.
  const width = upload.width ?? file.width;
  const height = upload.height ?? file.height;
  if (width !== undefined && height !== undefined && (type === MessageType.IMAGE || type === MessageType.VIDEO)) {
    info.width = width;
    info.height = height;
  }
  if (file.duration !== undefined && (type === MessageType.AUDIO || type === MessageType.VIDEO)) info.duration = file.duration;
  return info;
}
