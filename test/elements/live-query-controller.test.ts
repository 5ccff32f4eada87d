import { expect, fixture, html } from '@open-wc/testing';
import { liveQuery } from 'dexie';
import { LitElement } from 'lit';
import { CacheDb } from '../../src/client/cache-db.js';
import { LiveQueryController } from '../../src/elements/live-query-controller.js';
import { uniqueUser, until } from '../web-support/parley.js';

const db = new CacheDb(uniqueUser('live-query-test'));
const readMeta = () => db.meta.get('greeting').then((entry) => entry?.value);
const events: string[] = [];

/** Shows one cached value: primed by a one-shot read, then live. */
class LiveProbe extends LitElement {
  readonly live = new LiveQueryController<string | undefined>(
    this,
    () => {
      events.push('live query built');
      return liveQuery(readMeta);
    },
    () => [],
    {
      prime: () => {
        events.push('prime');
        return readMeta();
      },
      equals: (shown, next) => shown === next,
    },
  );
  renders = 0;

  override render() {
    this.renders++;
    events.push(`render ${this.live.value ?? ''}`);
    return html`${this.live.value ?? ''}`;
  }
}
customElements.define('live-probe', LiveProbe);

describe('LiveQueryController', () => {
  after(() => db.delete());

  it('primes first, starts the live query once the primed value is rendered, and renders only changes', async () => {
    await db.meta.put({ key: 'greeting', value: 'hello' });
    const probe = await fixture<LiveProbe>(html`<live-probe></live-probe>`);
    await probe.live.answered();
    await probe.updateComplete;
    expect(probe.shadowRoot!.textContent).to.equal('hello');
    await until(() => events.includes('live query built'), 'live query started');
    // Its setup waits for the render that shows the primed value, off that render's path.
    expect(events).to.deep.equal(['prime', 'render ', 'render hello', 'live query built']);
    // The live query's first answer repeats the primed value: nothing renders again for it.
    const renders = probe.renders;
    await new Promise((r) => setTimeout(r, 100));
    expect(probe.renders).to.equal(renders);
    await db.meta.put({ key: 'greeting', value: 'hello again' });
    await until(() => probe.shadowRoot!.textContent === 'hello again', 'live change shown');
    expect(probe.renders).to.equal(renders + 1);
  });
});
