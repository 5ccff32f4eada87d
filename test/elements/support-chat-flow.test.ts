import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/support-chat/support-chat.js';
import { ChatClient } from '../../src/client/chat-client.js';
import type { SupportChat } from '../../src/elements/support-chat/support-chat.js';
import { serverUrl, uniqueUser, until } from '../web-support/parley.js';

/** An agent, signed in through the demo token endpoint, available. */
async function availableAgent(): Promise<ChatClient> {
  const server = await serverUrl();
  const response = await fetch(`${server}/api/demo/token?role=agent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: uniqueUser('agent') }),
  });
  const { token } = (await response.json()) as { token: string };
  const agent = await ChatClient.connect({ server, token });
  await until(() => agent.state === 'online', 'agent online');
  await agent.support.setAvailability('available');
  return agent;
}

const visitorKey = async () => `parley:visitor:${new URL(await serverUrl()).origin}`;

/** Submits a form of the widget the way pressing its button does. */
function submit(widget: SupportChat): void {
  widget.shadowRoot!.querySelector<HTMLFormElement>('form')!.requestSubmit();
}

describe('<support-chat> with the customer service server', () => {
  let agent: ChatClient | undefined;

  afterEach(async () => {
    await agent?.close({ clear: true });
    agent = undefined;
    localStorage.removeItem(await visitorKey());
  });

  it('takes a visitor from the greeting through the pre-chat form to an agent, and on to a rating (axe clean at each step)', async () => {
    agent = await availableAgent();
    const widget = await fixture<SupportChat>(html`<support-chat server=${await serverUrl()}></support-chat>`);
    const root = widget.shadowRoot!;
    await until(() => root.querySelector('.launcher.online'), 'team shown available');
    root.querySelector<HTMLButtonElement>('.launcher')!.click();
    await until(() => root.querySelector('.availability.online'), 'greeting with availability');
    await expect(widget).to.be.accessible();

    root.querySelector<HTMLButtonElement>('.start')!.click();
    await widget.updateComplete;
    expect(root.activeElement?.id).to.equal('pre-name'); // focus moves to the form
    await expect(widget).to.be.accessible();
    expect(localStorage.getItem(await visitorKey())).to.equal(null); // nothing kept before the visitor writes

    root.querySelector<HTMLInputElement>('#pre-name')!.value = 'Vera';
    root.querySelector<HTMLTextAreaElement>('#question')!.value = 'Is shipping free?';
    submit(widget);
    await until(() => root.querySelector('.ticket-banner')?.textContent?.includes('is answering you'), 'agent joined');
    expect(localStorage.getItem(await visitorKey())).to.be.a('string');
    const [ticket] = await agent.support.list('active');
    expect(ticket!.info.form).to.deep.equal({ name: 'Vera' });
    expect(ticket!.info.pageUrl).to.equal(location.href);

    await agent.support.close(ticket!.cid);
    await until(() => root.querySelector('.rating'), 'rating form');
    await expect(widget).to.be.accessible();
    root.querySelectorAll<HTMLInputElement>('.rating input[name="score"]')[4]!.click();
    root.querySelector<HTMLTextAreaElement>('#rating-comment')!.value = 'Great';
    root.querySelector<HTMLFormElement>('.rating')!.requestSubmit();
    await until(() => root.textContent?.includes('Thank you for your feedback.'), 'thanks');
    expect((await agent.support.get(ticket!.cid)).rating).to.deep.equal({ score: 5, comment: 'Great' });
    widget.remove();
  });

  it('with consent required, keeps nothing in the browser until the site grants it', async () => {
    const databasesBefore = (await indexedDB.databases()).length;
    const widget = await fixture<SupportChat>(html`<support-chat server=${await serverUrl()} consent="required" .memoryStorage=${() => import('fake-indexeddb')}></support-chat>`);
    const root = widget.shadowRoot!;
    root.querySelector<HTMLButtonElement>('.launcher')!.click();
    const start = await until(() => root.querySelector<HTMLButtonElement>('.start'), 'home');
    expect(start.textContent).to.equal('Leave a message'); // nobody available
    start.click();
    await widget.updateComplete;
    root.querySelector<HTMLInputElement>('#off-email')!.value = 'vera@example.com';
    root.querySelector<HTMLTextAreaElement>('#off-text')!.value = 'Call me';
    submit(widget);
    await until(() => root.textContent?.includes('We will reply by email'), 'offline message stored');
    expect(localStorage.getItem(await visitorKey())).to.equal(null);
    expect((await indexedDB.databases()).length).to.equal(databasesBefore);

    widget.grantConsent();
    expect(localStorage.getItem(await visitorKey())).to.be.a('string');
    widget.remove();
  });
});
