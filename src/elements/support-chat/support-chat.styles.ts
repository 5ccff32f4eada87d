import { css } from 'lit';

export const supportChatStyles = css`
  :host {
    position: fixed;
    inset-block-end: 20px;
    inset-inline-end: 20px;
    z-index: var(--chat-z-index, 2147483000);
    background: transparent;
  }
  .launcher {
    width: 56px;
    height: 56px;
    border-radius: 50%;
    border: none;
    background: var(--_accent);
    color: var(--_accent-fg);
    cursor: pointer;
    box-shadow: 0 4px 16px rgb(0 0 0 / 20%);
    position: relative;
    display: grid;
    place-items: center;
  }
  .launcher svg {
    width: 26px;
    height: 26px;
  }
  .badge {
    position: absolute;
    inset-block-start: -4px;
    inset-inline-end: -4px;
    min-width: 20px;
    height: 20px;
    border-radius: 10px;
    padding: 0 5px;
    background: var(--_danger);
    color: var(--_bg);
    font-size: 12px;
    line-height: 20px;
    font-weight: 600;
  }
  .panel {
    position: absolute;
    inset-block-end: 72px;
    inset-inline-end: 0;
    width: min(380px, calc(100vw - 40px));
    height: min(560px, calc(100vh - 120px));
    display: flex;
    flex-direction: column;
    border-radius: var(--_radius);
    overflow: hidden;
    background: var(--_bg);
    box-shadow: 0 8px 32px rgb(0 0 0 / 25%);
  }
  .panel[hidden] {
    display: none;
  }
  .bar {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: var(--_space) calc(var(--_space) * 2);
    background: var(--_accent);
    color: var(--_accent-fg);
  }
  .bar h2 {
    font-size: 1rem;
    margin: 0;
  }
  .bar button {
    border: none;
    background: none;
    color: inherit;
    font-size: 1.4rem;
    cursor: pointer;
    line-height: 1;
  }
  chat-room {
    flex: 1;
  }
  @media (max-width: 480px) {
    .panel {
      position: fixed;
      inset: 0;
      width: auto;
      height: auto;
      border-radius: 0;
    }
  }
`;
