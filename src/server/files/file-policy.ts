import { DEFAULT_LIMITS } from '../../protocol/limits.js';

/** What uploads a deployment accepts. */
export interface FilePolicy {
  /** Bytes of one file (default 20 MiB). */
  maxUploadBytes: number;
  /**
   * Types accepted, as sniffed from the content (never as declared). Content no signature
   * matches is `application/octet-stream`, served only as a download.
   */
  allowedTypes: string[];
  /** How long an upload no message uses is kept (default a day): a cancelled or abandoned send. */
  keepUnusedMs: number;
  /** Bytes one user may upload per hour (default 500 MiB), so nobody can fill the disk. */
  uploadBytesPerHour: number;
}

/** Raster images: the only type served inline. SVG is never accepted (it can carry script). */
export const INLINE_IMAGE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif']);

export const DEFAULT_FILE_POLICY: FilePolicy = {
  maxUploadBytes: DEFAULT_LIMITS.maxUploadBytes,
  allowedTypes: [
    ...INLINE_IMAGE_TYPES,
    'audio/mpeg',
    'audio/ogg',
    'audio/opus',
    'audio/wav',
    'audio/x-wav',
    'audio/aac',
    'audio/mp4',
    'audio/x-m4a',
    'audio/webm',
    'video/mp4',
    'video/webm',
    'video/ogg',
    'video/quicktime',
    'application/pdf',
    'application/zip',
    'application/octet-stream',
  ],
  keepUnusedMs: 24 * 3600 * 1000,
  uploadBytesPerHour: 500 * 1024 * 1024,
};

export function filePolicy(overrides: Partial<FilePolicy> = {}): FilePolicy {
  return { ...DEFAULT_FILE_POLICY, ...overrides };
}
