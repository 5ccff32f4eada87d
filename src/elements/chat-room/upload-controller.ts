import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ChatClient } from '../../client/chat-client.js';
import type { Catalog } from '../i18n/en.js';

interface UploadState {
  name: string;
  /** 0 to 1. */
  progress: number;
  abort: AbortController;
}

/**
 * The composer's attachment: picks a file, uploads it with a progress bar and a Cancel button,
 * then sends it as an image, audio, video or file message. One upload at a time.
 */
export class UploadController implements ReactiveController {
  current: UploadState | undefined;
  /** The error code of the last failed upload, shown until the next one. */
  error: string | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.current?.abort.abort();
  }

  async send(client: ChatClient, cid: string, file: File): Promise<void> {
    if (this.current) return;
    const state: UploadState = { name: file.name, progress: 0, abort: new AbortController() };
    this.current = state;
    this.error = undefined;
    this.host.requestUpdate();
    try {
      await client.sendFile(cid, file, {
        signal: state.abort.signal,
        onProgress: ({ loaded, total }) => {
          state.progress = total > 0 ? loaded / total : 0;
          this.host.requestUpdate();
        },
      });
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name !== 'AbortError') this.error = name ?? 'UNKNOWN';
    } finally {
      this.current = undefined;
      this.host.requestUpdate();
    }
  }

  cancel(): void {
    this.current?.abort.abort();
  }

  render(t: Catalog) {
    if (this.current) {
      const percent = Math.round(this.current.progress * 100);
      return html`<div class="upload" role="status">
        <span class="file-name">${this.current.name}</span>
        <progress max="100" value=${percent} aria-label=${t.uploading(this.current.name)}>${percent}%</progress>
        <button class="link cancel-upload" type="button" @click=${() => this.cancel()}>${t.cancel}</button>
      </div>`;
    }
    return this.error ? html`<p class="upload-error" role="alert">${errorText(this.error, t)}</p>` : nothing;
  }
}

function errorText(name: string, t: Catalog): string {
  if (name === 'FILE_TOO_LARGE') return t.fileTooLarge;
  if (name === 'FILE_TYPE_REFUSED') return t.fileTypeRefused;
  if (name === 'CLIENT_OFFLINE') return t.fileOffline;
  return t.fileFailed;
}
