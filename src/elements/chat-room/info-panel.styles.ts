import { css } from 'lit';

export const infoPanelStyles = css`
  header button.info {
    margin-inline-start: auto;
    align-self: center;
    display: grid;
    place-items: center;
    padding: calc(var(--_space) / 2);
  }
  .info-panel {
    position: absolute;
    inset-block: 0;
    inset-inline-end: 0;
    width: min(20rem, 100%);
    overflow-y: auto;
    background: var(--_bg);
    border-inline-start: 1px solid var(--_border);
    box-shadow: 0 0 24px rgb(0 0 0 / 18%);
    padding: calc(var(--_space) * 2);
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    z-index: 4;
  }
  .info-head {
    display: flex;
    align-items: center;
    gap: var(--_space);
  }
  .info-head h3 {
    flex: 1;
    margin: 0;
    font-size: 1.05rem;
    overflow-wrap: anywhere;
  }
  .info-panel h4 {
    margin: var(--_space) 0 0;
    font-size: 0.85rem;
    color: var(--_muted);
  }
  .members {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .members li {
    padding: 2px 0;
    overflow-wrap: anywhere;
  }
  /* After the name (a built template loses a leading space, so the gap is a margin). */
  .member-id {
    margin-inline-start: 0.5em;
    color: var(--_muted);
    font-size: 0.85em;
  }
  .attributes {
    margin: 0;
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 2px var(--_space);
    font-size: 0.9rem;
  }
  .attributes dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .mute {
    display: flex;
    gap: var(--_space);
    align-items: center;
  }
  .info-error {
    margin: 0;
    color: var(--_danger);
  }
  button.leave {
    margin-block-start: auto;
    color: var(--_danger);
    border-color: var(--_danger);
  }
`;
