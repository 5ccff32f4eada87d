import type { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';
import type { Kysely } from 'kysely';
import { nanoid } from 'nanoid';
import { ChatError } from '../../protocol/chat-error.js';
import { DEFAULT_LIMITS } from '../../protocol/limits.js';
import type { UploadRecord } from '../../protocol/model.js';
import type { Clock } from '../config.js';
import type { Database, UploadRow } from '../store/schema.js';
import type { FileStorage } from './file-storage.js';
import { type FilePolicy, INLINE_IMAGE_TYPES } from './file-policy.js';

/** One file as it arrives: the client's name and declared type (neither trusted), and its bytes. */
export interface IncomingFile {
  filename: string;
  declaredType: string;
  stream: Readable & { truncated?: boolean };
}

/** Declared types refused outright, whatever the content: they render as active documents. */
const ACTIVE_TYPES = /^(image\/svg\+xml|text\/html|application\/xhtml\+xml|text\/xml|application\/xml|text\/javascript|application\/javascript)/i;
/** Enough of the head of a file for type signatures and image headers. */
const HEAD_BYTES = 256 * 1024;
// C0/C1 controls, bidi overrides and path separators have no place in a shown file name.
const UNSAFE_NAME_CHARS = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069/\\]/g;

/**
 * Uploads: streamed to storage under a size limit, typed by their content (magic bytes), kept
 * only if that type is allowed, and recorded with their owner so only the owner's messages can
 * refer to them.
 */
export class UploadService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly storage: FileStorage,
    private readonly policy: FilePolicy,
    private readonly clock: Clock,
  ) {}

  async store(owner: string, file: IncomingFile): Promise<UploadRecord> {
    if (ACTIVE_TYPES.test(file.declaredType)) {
      file.stream.resume();
      throw new ChatError('FILE_TYPE_REFUSED', `${file.declaredType.slice(0, 64)} files are not accepted`, { field: 'file' });
    }
    const id = nanoid();
    const size = await this.storage.put(id, file.stream);
    try {
      if (file.stream.truncated || size > this.policy.maxUploadBytes) {
        throw new ChatError('FILE_TOO_LARGE', `A file is at most ${this.policy.maxUploadBytes} bytes`, {
          field: 'file',
          max: this.policy.maxUploadBytes,
        });
      }
      if (size === 0) throw new ChatError('INVALID_PAYLOAD', 'file: empty', { field: 'file' });
      const head = await this.readHead(id);
      const mime = (await fileTypeFromBuffer(head))?.mime ?? 'application/octet-stream';
      if (!this.policy.allowedTypes.includes(mime)) {
        throw new ChatError('FILE_TYPE_REFUSED', `${mime} files are not accepted`, { field: 'file', type: mime });
      }
      const row: UploadRow = {
        id,
        owner,
        name: safeFileName(file.filename),
        size,
        mime,
        ...dimensionsOf(mime, head),
        created_at: this.clock.now(),
        attached_at: null,
      };
      await this.db.insertInto('uploads').values(row).execute();
      return toUploadRecord(row);
    } catch (error) {
      await this.storage.remove(id);
      throw error;
    }
  }

  /** An upload's record, or undefined. */
  async find(id: string): Promise<UploadRow | undefined> {
    if (!/^[A-Za-z0-9_-]{10,64}$/.test(id)) return undefined;
    return this.db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** An upload's bytes (from `range` when given), or undefined when storage has none. */
  open(id: string, range?: { start: number; end: number }): Promise<Readable | undefined> {
    return this.storage.get(id, range);
  }

  private async readHead(id: string): Promise<Buffer> {
    const stream = await this.storage.get(id, { start: 0, end: HEAD_BYTES - 1 });
    const chunks: Buffer[] = [];
    for await (const chunk of stream!) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
}

export function toUploadRecord(row: UploadRow): UploadRecord {
  const record: UploadRecord = { id: row.id, url: `/files/${row.id}`, name: row.name, size: Number(row.size), mime: row.mime };
  if (row.width !== null && row.height !== null) {
    record.width = row.width;
    record.height = row.height;
  }
  return record;
}

/** The last path segment of the client's name, without controls or bidi tricks, bounded. */
export function safeFileName(name: string): string {
  // Browsers send `"`, CR and LF in multipart file names as %22, %0D and %0A.
  const decoded = name.replace(/%22/g, '"').replace(/%0[AD]/gi, '');
  const base = decoded.split(/[/\\]/).pop() ?? '';
  const cleaned = base.replace(UNSAFE_NAME_CHARS, '').trim().replace(/^\.+/, '');
  const bounded = [...cleaned].slice(0, DEFAULT_LIMITS.maxFileNameLength).join('');
  return bounded.isWellFormed() && bounded ? bounded : 'file';
}

function dimensionsOf(mime: string, head: Buffer): { width: number | null; height: number | null } {
  if (!INLINE_IMAGE_TYPES.has(mime)) return { width: null, height: null };
  try {
    const { width, height } = imageSize(head);
    return width && height ? { width, height } : { width: null, height: null };
  } catch {
    // A header beyond the first bytes, or a damaged one: the browser's measure is used instead.
    return { width: null, height: null };
  }
}
