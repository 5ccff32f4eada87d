import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/chat-list/chat-list.js';
import '../../src/elements/chat-room/chat-room.js';
import '../../src/elements/support-chat/support-chat.js';
import type { ChatList } from '../../src/elements/chat-list/chat-list.js';
import type { ChatRoom } from '../../src/elements/chat-room/chat-room.js';
import type { SupportChat } from '../../src/elements/support-chat/support-chat.js';
import { fileSize } from '../../src/elements/display.js';
import { en } from '../../src/elements/i18n/en.js';
import { zhCN } from '../../src/elements/i18n/zh-cn.js';
import { closeClients, connectClient, uniqueUser, until } from '../web-support/parley.js';

const text = (root: Element, selector: string) => root.shadowRoot!.querySelector(selector)?.textContent?.trim();

describe('localisation', () => {
  afterEach(async () => {
    document.documentElement.removeAttribute('lang');
    await closeClients();
  });

  it('has a Chinese string for every English one', () => {
    const keys = Object.keys(en) as (keyof typeof en)[];
    expect(Object.keys(zhCN).sort()).to.deep.equal([...keys].sort());
    for (const key of keys) {
      const english = en[key];
      const chinese = zhCN[key];
      const sample = (value: unknown) => (typeof value === 'function' ? (value as (a: string, b: unknown) => string)('1', true) : value);
      expect(sample(chinese), key).to.not.equal(sample(english));
    }
  });

  it('shows <chat-room lang="zh-CN"> in Chinese, with message statuses and Intl times', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const conversation = await alice.createConversation({ members: [uniqueUser('bob'), uniqueUser('carol')] });
    const room = await fixture<ChatRoom>(html`<chat-room lang="zh-CN" .client=${alice} conversation=${conversation.id}></chat-room>`);
    const input = room.shadowRoot!.querySelector('textarea')!;
    expect(input.placeholder).to.equal('输入消息');
    expect(input.getAttribute('aria-label')).to.equal('消息');
    expect(text(room, 'button.send')).to.equal('发送');
    await until(() => text(room, 'header .meta') === '3 位成员', 'member count in Chinese');

    await alice.send(conversation.id, '你好');
    await until(() => text(room, '.message.mine .status') === '已发送', 'sent status in Chinese');
    const time = room.shadowRoot!.querySelector('.message.mine time')!;
    const sentAt = new Date(time.getAttribute('datetime')!);
    expect(time.textContent).to.equal(new Intl.DateTimeFormat('zh-CN', { timeStyle: 'short' }).format(sentAt));
  });

  it('follows the page language and re-renders when it changes', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    document.documentElement.lang = 'zh-CN';
    const list = await fixture<ChatList>(html`<chat-list .client=${alice}></chat-list>`);
    expect(text(list, 'header')).to.equal('会话');
    await until(() => text(list, '.empty') === '还没有会话。', 'empty list in Chinese');

    document.documentElement.lang = 'en';
    await until(() => text(list, 'header') === 'Conversations', 'switched to English');
  });

  it('summarises the last message in the reader language', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const conversation = await alice.createConversation({ members: [uniqueUser('bob')] });
    await alice.send(conversation.id, 'hi');
    const list = await fixture<ChatList>(html`<chat-list lang="zh" .client=${alice}></chat-list>`);
    await until(() => text(list, '.preview') === '我：hi', 'own message preview in Chinese');
    list.setAttribute('lang', 'en-GB');
    await until(() => text(list, '.preview') === 'You: hi', 'own message preview in English');
  });

  it('gives the support panel its language', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const conversation = await alice.createConversation({ members: [uniqueUser('bob')] });
    const chat = await fixture<SupportChat>(html`<support-chat lang="zh-CN" open .client=${alice} conversation=${conversation.id}></support-chat>`);
    expect(text(chat, 'h2')).to.equal('联系我们');
    const room = await until(() => chat.shadowRoot!.querySelector('chat-room'), 'room in panel');
    await room.updateComplete;
    expect(text(room, 'button.send')).to.equal('发送');
  });

  it('formats file sizes with Intl', () => {
    expect(fileSize(1536, 'en')).to.equal('1.5 KB');
    expect(fileSize(1536, 'de')).to.equal('1,5 KB');
  });

  it('lays a room out right to left under dir="rtl"', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const conversation = await alice.createConversation({ members: [uniqueUser('bob')] });
    const room = await fixture<ChatRoom>(
      html`<chat-room dir="rtl" style="display:block;width:600px;height:400px" .client=${alice} conversation=${conversation.id}></chat-room>`,
    );
    await alice.send(conversation.id, 'שלום');
    const mine = await until(() => room.shadowRoot!.querySelector('.message.mine'), 'own message');
    const log = room.shadowRoot!.querySelector('.log')!.getBoundingClientRect();
    const bubble = mine.getBoundingClientRect();
    // Own messages sit at the inline end: the left edge in right-to-left text.
    expect(bubble.left - log.left).to.be.lessThan(log.right - bubble.right);
  });
});
