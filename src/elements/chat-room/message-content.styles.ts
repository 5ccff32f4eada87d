import { css } from 'lit';

/** Rich message content, the attachment composer and the image lightbox. */
export const messageContentStyles = css`
  .bubble a {
    color: inherit;
  }
  .bubble .text {
    margin: calc(var(--_space) / 2) 0 0;
  }
  /* Someone the message mentions, by name. */
  .mention {
    font-weight: 600;
  }
  .thumb {
    display: block;
    padding: 0;
    border: none;
    background: none;
    cursor: zoom-in;
  }
  .thumb img {
    display: block;
    max-width: min(100%, 16rem);
    max-height: 16rem;
    width: auto;
    height: auto;
    border-radius: calc(var(--_radius) / 2);
  }
  .media {
    display: block;
    max-width: min(100%, 20rem);
  }
  .file-card,
  .location-card {
    display: flex;
    flex-direction: column;
    gap: 2px;
    text-decoration: none;
    min-width: 10rem;
  }
  .file-name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  /* Smaller, not fainter: faded text would fall below AA contrast inside coloured bubbles. */
  .meta,
  .edited {
    font-size: 0.8rem;
  }
  .recalled,
  .unsupported {
    font-style: italic;
  }
  .mentioned .bubble {
    border-inline-start: 3px solid var(--_accent);
  }
  .lightbox {
    position: fixed;
    inset: 0;
    z-index: var(--chat-z-index, 1000);
    background: rgb(0 0 0 / 0.85);
    display: flex;
    align-items: center;
    justify-content: center;
    flex-direction: column;
    gap: var(--_space);
    cursor: zoom-out;
  }
  .lightbox img {
    max-width: 95vw;
    max-height: 85vh;
  }
  .upload,
  .editing,
  .upload-error,
  .action-error {
    display: flex;
    gap: var(--_space);
    align-items: center;
    margin: 0;
    padding: calc(var(--_space) / 2) calc(var(--_space) * 2);
    font-size: 0.85rem;
  }
  .upload progress {
    flex: 1;
  }
  .upload-error,
  .action-error {
    color: var(--_danger);
  }
  .attach {
    display: flex;
    align-items: center;
    justify-content: center;
    width: 2.5rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    cursor: pointer;
    font-size: 1.25rem;
  }
  .attach input {
    position: absolute;
    width: 1px;
    height: 1px;
    opacity: 0;
  }
  .attach:focus-within {
    outline: 2px solid var(--_accent);
  }
`;
