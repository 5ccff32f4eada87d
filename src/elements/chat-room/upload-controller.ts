import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ChatClient } from '../../client/chat-client.js';

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
  error = '';

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
    this.error = '';
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
      if (name !== 'AbortError') this.error = errorText(name);
    } finally {
      this.current = undefined;
      this.host.requestUpdate();
    }
  }

  cancel(): void {
    this.current?.abort.abort();
  }

  render() {
    if (this.current) {
      const percent = Math.round(this.current.progress * 100);
      return html`<div class="upload" role="status">
        <span class="file-name">${this.current.name}</span>
        <progress max="100" value=${percent} aria-label=${`Uploading ${this.current.name}`}>${percent}%</progress>
        <button class="link cancel-upload" type="button" @click=${() => this.cancel()}>Cancel</button>
      </div>`;
    }
    return this.error ? html`<p class="upload-error" role="alert">${this.error}</p>` : nothing;
  }
}

function errorText(name: string | undefined): string {
  if (name === 'FILE_TOO_LARGE') return 'That file is too large to send.';
  if (name === 'FILE_TYPE_REFUSED') return 'That type of file cannot be sent.';
  if (name === 'CLIENT_OFFLINE') return 'Files can be sent once you are back online.';
  return 'The file could not be sent.';
}
