import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { html as litHtml } from 'lit';
import { defineMessageType } from '../../src/client/message-types.js';
import '../../src/elements/chat-room/chat-room.js';
import type { ChatRoom } from '../../src/elements/chat-room/chat-room.js';
import { defineMessageRenderer } from '../../src/elements/chat-room/message-content.js';
import { MessageType } from '../../src/protocol/limits.js';
import { closeClients, connectClient, openActions, uniqueUser, until } from '../web-support/parley.js';

const shadow = (room: ChatRoom) => room.shadowRoot!;
const messageOfType = (room: ChatRoom, type: number) => shadow(room).querySelector<HTMLElement>(`.message[data-type="${type}"]`);

async function pngFile(name: string, width: number, height: number): Promise<File> {
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext('2d')!.fillRect(0, 0, width, height);
  return new File([await canvas.convertToBlob({ type: 'image/png' })], name, { type: 'image/png' });
}

/** Half a second of silence as a WAV file. */
function wavFile(name: string): File {
  const samples = 4000;
  const view = new DataView(new ArrayBuffer(44 + samples));
  const text = (offset: number, s: string) => [...s].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples, true);
  text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, 8000, true);
  view.setUint32(28, 8000, true);
  view.setUint16(32, 1, true);
  view.setUint16(34, 8, true);
  text(36, 'data');
  view.setUint32(40, samples, true);
  return new File([view.buffer], name, { type: 'audio/wav' });
}

const PDF = new File(['%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'], 'report.pdf', { type: 'application/pdf' });

describe('<chat-room> message types', () => {
  afterEach(closeClients);

  async function roomWithPair() {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = await connectClient(uniqueUser('bob'));
    const conversation = await alice.createConversation({ members: [bob.user.id] });
    const room = await fixture<ChatRoom>(html`<chat-room .client=${bob} conversation=${conversation.id}></chat-room>`);
    return { alice, bob, cid: conversation.id, room };
  }

  it('renders images, audio, files, locations, recalled and custom messages', async () => {
    const { alice, cid, room } = await roomWithPair();
    await alice.sendFile(cid, await pngFile('dot.png', 12, 8), { text: 'a dot' });
    await alice.sendFile(cid, wavFile('hello.wav'));
    await alice.sendFile(cid, PDF);
    await alice.send(cid, { type: MessageType.LOCATION, location: { latitude: 51.5007, longitude: -0.1246, label: 'Big Ben' } });
    const doomed = await alice.send(cid, 'soon gone');
    await alice.recall(cid, doomed.id);
    defineMessageRenderer(31, (m) => litHtml`<span class="poll">Poll: ${String(m.fields?.question)}</span>`);
    await alice.send(cid, { type: 31, fields: { question: 'Tea or coffee?' } });
    await alice.send(cid, { type: 32, fields: { x: 1 }, text: 'from a newer app' });

    const image = await until(() => messageOfType(room, MessageType.IMAGE)?.querySelector('img'), 'image');
    expect(new URL(image.src).pathname).to.match(/^\/files\/[\w-]+$/);
    expect(image.getAttribute('width')).to.equal('12');
    expect(image.getAttribute('height')).to.equal('8');
    expect(image.alt).to.equal('dot.png');
    expect(messageOfType(room, MessageType.IMAGE)!.querySelector('.text')!.textContent).to.equal('a dot');

    const audio = await until(() => messageOfType(room, MessageType.AUDIO)?.querySelector('audio'), 'audio player');
    expect(audio.controls).to.equal(true);
    const card = await until(() => messageOfType(room, MessageType.FILE)?.querySelector<HTMLAnchorElement>('a.file-card'), 'file card');
    expect(card.textContent).to.contain('report.pdf');
    expect(card.textContent).to.match(/\d+ B/);
    expect(card.getAttribute('download')).to.equal('report.pdf');

    const location = await until(() => messageOfType(room, MessageType.LOCATION)?.querySelector<HTMLAnchorElement>('a.location-card'), 'location');
    expect(location.textContent).to.contain('Big Ben');
    expect(location.textContent).to.contain('51.50070, -0.12460');
    expect(location.href).to.equal('https://www.openstreetmap.org/?mlat=51.50070&mlon=-0.12460#map=16/51.50070/-0.12460');

    await until(() => messageOfType(room, MessageType.RECALLED)?.textContent?.includes('This message was recalled'), 'recalled marker');
    await until(() => messageOfType(room, 31)?.querySelector('.poll')?.textContent === 'Poll: Tea or coffee?', 'custom renderer');
    const unknown = await until(() => messageOfType(room, 32), 'unknown type kept');
    expect(unknown.textContent).to.contain('Unsupported message');
    expect(unknown.textContent).to.contain('from a newer app');
  });

  it('opens an image in a lightbox and closes it with Escape', async () => {
    const { alice, cid, room } = await roomWithPair();
    await alice.sendFile(cid, await pngFile('big.png', 30, 20));
    const thumb = await until(() => shadow(room).querySelector<HTMLButtonElement>('button.thumb'), 'thumbnail');
    thumb.click();
    const dialog = await until(() => shadow(room).querySelector<HTMLElement>('.lightbox[role="dialog"]'), 'lightbox');
    expect(dialog.querySelector('img')!.getAttribute('src')).to.equal(thumb.querySelector('img')!.getAttribute('src'));
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await until(() => !shadow(room).querySelector('.lightbox'), 'lightbox closed');
  });

  it('keeps hostile content inert: no markup, no script links, only http, https and mailto links', async () => {
    const { alice, cid, room } = await roomWithPair();
    const w = window as unknown as { __pwned?: number };
    await alice.send(cid, '<img src=x onerror="window.__pwned=1"> javascript:window.__pwned=2 JaVaScRiPt:alert(1) data:text/html,<b>x</b>');
    await alice.send(cid, 'see https://example.com/a?b=1, or mailto:help@example.com.');
    await alice.sendFile(cid, new File([PDF], '<img src=x onerror="window.__pwned=3">.pdf', { type: 'application/pdf' }));
    await alice.send(cid, { type: MessageType.LOCATION, location: { latitude: 1, longitude: 2, label: '<svg onload="window.__pwned=4">' } });
    await until(() => shadow(room).querySelectorAll('.message').length === 4, 'all rendered');

    expect(shadow(room).querySelector('.bubble img[onerror], .bubble svg, .bubble script, .bubble b')).to.equal(null);
    const hrefs = [...shadow(room).querySelectorAll<HTMLAnchorElement>('.bubble a')].map((a) => a.href);
    for (const href of hrefs) expect(new URL(href).protocol).to.be.oneOf(['http:', 'https:', 'mailto:']);
    const links = [...shadow(room).querySelectorAll<HTMLAnchorElement>('.message[data-type="-1"] a')];
    expect(links.map((a) => [a.textContent, a.href])).to.deep.equal([
      ['https://example.com/a?b=1', 'https://example.com/a?b=1'],
      ['mailto:help@example.com', 'mailto:help@example.com'],
    ]);
    expect(links.every((a) => a.rel.includes('noopener'))).to.equal(true);
    expect(shadow(room).querySelector('a.file-card')!.textContent).to.contain('<img src=x onerror="window.__pwned=3">.pdf');
    expect(w.__pwned).to.equal(undefined);
  });

  it('sends a file from the composer with a progress bar, and cancels one', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const conversation = await alice.createConversation({ members: [uniqueUser('bob')] });
    const room = await fixture<ChatRoom>(html`<chat-room .client=${alice} conversation=${conversation.id}></chat-room>`);
    const pick = (file: File) => {
      const input = shadow(room).querySelector<HTMLInputElement>('input[type="file"]')!;
      const transfer = new DataTransfer();
      transfer.items.add(file);
      input.files = transfer.files;
      input.dispatchEvent(new Event('change'));
    };

    await executeServerCommand('parley:throttle-upload', { bytesPerSecond: 256 * 1024 });
    try {
      pick(new File([new Uint8Array(2 * 1024 * 1024)], 'slow.bin', { type: 'application/octet-stream' }));
      const bar = await until(() => shadow(room).querySelector<HTMLProgressElement>('.upload progress'), 'progress bar');
      await until(() => bar.value > 0, 'progress moves');
      shadow(room).querySelector<HTMLButtonElement>('.cancel-upload')!.click();
      await until(() => !shadow(room).querySelector('.upload'), 'upload gone');
    } finally {
      await executeServerCommand('parley:throttle-upload', { bytesPerSecond: -1 });
    }
    expect(shadow(room).querySelectorAll('.message')).to.have.length(0);

    pick(await pngFile('sent.png', 4, 4));
    await until(() => shadow(room).querySelector('.message.mine.sent[data-type="-2"] img'), 'image sent');
  });

  it('shows a second client’s recall and edit, highlights mentions, and marks delivery and reading in 1:1', async () => {
    const { alice, bob, cid, room } = await roomWithPair();
    const aliceRoom = await fixture<ChatRoom>(html`<chat-room .client=${alice} conversation=${cid}></chat-room>`);
    const first = await alice.send(cid, { type: -1, text: `hey @${bob.user.id}`, mentionList: [bob.user.id] });
    await until(() => shadow(room).querySelector('.message.mentioned'), 'mention highlighted');
    // Bob's room shows it, so it is delivered and read: Alice's room says so.
    await until(() => shadow(aliceRoom).querySelector('.message.mine .status')?.textContent === 'Read', 'read status');
    // Two ticks in the accent colour, named for screen readers.
    const read = shadow(aliceRoom).querySelector<HTMLElement>('.message.mine .status')!;
    expect(read.dataset.state).to.equal('read');
    expect(read.querySelector('svg')!.getAttribute('aria-hidden')).to.equal('true');
    expect(getComputedStyle(read).color).to.not.equal(getComputedStyle(read.parentElement!).color);

    await alice.update(cid, first.id, { text: 'hey, edited' });
    await until(() => shadow(room).querySelector('.bubble')?.textContent === 'hey, edited', 'edit shown');
    expect(shadow(room).querySelector('.edited')).to.not.equal(null);

    const recall = (await openActions(shadow(aliceRoom).querySelector('.message.mine')!)).find((item) => item.matches('.recall'))!;
    recall.click();
    await until(() => shadow(room).querySelector('.bubble')?.textContent?.includes('recalled'), 'recall shown to bob');
  });

  it('edits from the composer', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const conversation = await alice.createConversation({ members: [uniqueUser('bob')] });
    const room = await fixture<ChatRoom>(html`<chat-room .client=${alice} conversation=${conversation.id}></chat-room>`);
    await alice.send(conversation.id, 'tpyo');
    const sent = await until(() => shadow(room).querySelector('.message.mine.sent'), 'message sent');
    (await openActions(sent)).find((item) => item.matches('.edit'))!.click();
    const input = shadow(room).querySelector('textarea')!;
    expect(input.value).to.equal('tpyo');
    input.value = 'typo';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    await until(() => shadow(room).querySelector('.bubble')?.textContent === 'typo', 'edited in place');
    expect(shadow(room).querySelectorAll('.message')).to.have.length(1);
  });
});

defineMessageType({ type: 31, label: 'Poll' });
