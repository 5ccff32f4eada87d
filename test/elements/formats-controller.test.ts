import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { formatsPrepared } from '../../src/elements/display.js';
import { FormatsController } from '../../src/elements/formats-controller.js';
import { until } from '../web-support/parley.js';

/** Renders a count in `lang`, plainly until the formatters exist; `asks` says whether it formats at all. */
class FormatsProbe extends LitElement {
  static override properties = { lang: {}, asks: { type: Boolean } };
  override lang = 'fr';
  asks = true;
  readonly formats = new FormatsController(this, () => this.lang);
  readonly renders: string[] = [];

  override render() {
    if (!this.asks) return html`nothing formatted`;
    const text = this.formats.ready ? new Intl.NumberFormat(this.lang).format(12345.5) : '12345.5';
    this.renders.push(text);
    return html`${text}`;
  }
}
customElements.define('formats-probe', FormatsProbe);

const frames = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise(requestAnimationFrame);
};

describe('FormatsController', () => {
  it('paints plainly first, then makes the formatters after that paint and renders again', async () => {
    expect(formatsPrepared('fr')).to.equal(false);
    const probe = await fixture<FormatsProbe>(html`<formats-probe></formats-probe>`);
    expect(probe.renders).to.deep.equal(['12345.5']);
    await until(() => probe.renders.length === 2, 'second render');
    expect(formatsPrepared('fr')).to.equal(true);
    expect(probe.shadowRoot!.textContent).to.equal(new Intl.NumberFormat('fr').format(12345.5));
    // Another element in a prepared language formats from its first render.
    const next = await fixture<FormatsProbe>(html`<formats-probe></formats-probe>`);
    expect(next.renders).to.have.length(1);
    expect(next.renders[0]).to.not.equal('12345.5');
  });

  it('makes nothing for a render that formats nothing', async () => {
    await fixture<FormatsProbe>(html`<formats-probe lang="de" .asks=${false}></formats-probe>`);
    await frames(3);
    await new Promise((r) => setTimeout(r, 50));
    expect(formatsPrepared('de')).to.equal(false);
  });
});
