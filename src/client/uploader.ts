import { ChatError } from '../protocol/chat-error.js';
import type { ErrorPayload } from '../protocol/errors.js';
import type { UploadRecord } from '../protocol/model.js';

export interface UploadOptions {
  /** Called as bytes go out: `loaded` of `total`. */
  onProgress?: (progress: { loaded: number; total: number }) => void;
  /** Aborting cancels the upload; the promise rejects with an AbortError. */
  signal?: AbortSignal;
}

/**
 * Sends one file to the server's upload endpoint with the user's token. XMLHttpRequest, because
 * it is what reports upload progress in every browser.
 */
export function uploadFile(server: string, token: string, file: Blob, name: string, options: UploadOptions = {}): Promise<UploadRecord> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new DOMException('The upload was cancelled', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', new URL('/api/files', server).href);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => options.onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    const onAbort = () => xhr.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => options.signal?.removeEventListener('abort', onAbort);
    xhr.onload = () => {
      done();
      const body = xhr.response as (UploadRecord & { error?: ErrorPayload }) | null;
      if (xhr.status === 201 && body) resolve(body);
      else reject(body?.error ? ChatError.fromPayload(body.error) : new ChatError('INTERNAL_ERROR', `Upload failed (${xhr.status})`));
    };
    xhr.onerror = () => {
      done();
      reject(new ChatError('CLIENT_OFFLINE', 'The upload could not reach the server'));
    };
    xhr.onabort = () => {
      done();
      reject(new DOMException('The upload was cancelled', 'AbortError'));
    };
    const form = new FormData();
    form.append('file', file, name);
    xhr.send(form);
  });
}

/** Width and height of an image, or the duration of audio or video, as this browser reads them. */
export async function measureMedia(file: Blob): Promise<{ width?: number; height?: number; duration?: number }> {
  const url = URL.createObjectURL(file);
  try {
    if (file.type.startsWith('image/')) {
      const image = new Image();
      image.src = url;
      await image.decode();
      return { width: image.naturalWidth, height: image.naturalHeight };
    }
    if (file.type.startsWith('audio/') || file.type.startsWith('video/')) {
      const media = document.createElement(file.type.startsWith('audio/') ? 'audio' : 'video');
      media.preload = 'metadata';
      media.src = url;
      await new Promise<void>((resolve, reject) => {
        media.onloadedmetadata = () => resolve();
        media.onerror = () => reject(new Error('unreadable media'));
      });
      const measured: { width?: number; height?: number; duration?: number } = {};
      if (Number.isFinite(media.duration)) measured.duration = Math.round(media.duration * 1000) / 1000;
      if (media instanceof HTMLVideoElement && media.videoWidth > 0) {
        measured.width = media.videoWidth;
        measured.height = media.videoHeight;
      }
      return measured;
    }
    return {};
  } catch {
    // Not something this browser can read: the message goes without the measure.
    return {};
  } finally {
    URL.revokeObjectURL(url);
  }
}
