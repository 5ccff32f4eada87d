import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/chat-list/chat-list.js';
import '../../src/elements/chat-room/chat-room.js';
import type { ChatList } from '../../src/elements/chat-list/chat-list.js';
import type { ChatRoom } from '../../src/elements/chat-room/chat-room.js';
import { closeClients, connectClient, uniqueUser, until } from '../web-support/parley.js';

const shadow = (element: Element) => element.shadowRoot!;

/** axe-core on the dialogs, menus and panels, open, in both themes. */
describe('accessibility of the list and room controls', () => {
  afterEach(closeClients);

  for (const theme of ['light', 'dark'] as const) {
    it(`<chat-list> with filters on and each dialog open has no axe violations (${theme})`, async () => {
      const alice = await connectClient(uniqueUser('alice'));
      const bob = await connectClient(uniqueUser('bob'));
      const group = await bob.createConversation({ members: [alice.user.id, uniqueUser('c')], name: 'mentions' });
      await bob.send(group.id, { type: -1, text: `@${alice.user.id} hi`, mentionList: [alice.user.id] });
      await alice.refreshConversations();
      const list = await fixture<ChatList>(html`<chat-list theme=${theme} .client=${alice}></chat-list>`);
      await until(() => shadow(list).querySelector('.badge.mentioned'), 'mention badge');
      shadow(list).querySelector<HTMLButtonElement>('button.filter.unread')!.click();
      await expect(list).to.be.accessible();

      shadow(list).querySelector<HTMLButtonElement>('button.create')!.click();
      await expect(list).to.be.accessible();
      // The members field with a chosen person and suggestions open.
      await sendKeys({ type: 'c-' });
      await sendKeys({ press: 'Enter' });
      await sendKeys({ type: bob.user.id.slice(0, 3) });
      await until(() => shadow(list).querySelector('dialog.create [role="option"]'), 'people suggested');
      await expect(list).to.be.accessible();
      shadow(list).querySelector<HTMLDialogElement>('dialog.create')!.close();
      shadow(list).querySelector<HTMLButtonElement>('button.join')!.click();
      await until(() => !shadow(list).querySelector('dialog.join [role="status"]')?.textContent?.includes('Loading'), 'rooms listed');
      await expect(list).to.be.accessible();
    });

    it(`<chat-room> with the mention list, actions menu and info panel open has no axe violations (${theme})`, async () => {
      const alice = await connectClient(uniqueUser('alice'));
      const bob = await connectClient(uniqueUser('bob'));
      const conversation = await alice.createConversation({ members: [bob.user.id, uniqueUser('c')], name: 'Axe', attributes: { topic: 'a11y' } });
      await bob.send(conversation.id, 'hello');
      const room = await fixture<ChatRoom>(html`<chat-room theme=${theme} .client=${alice} conversation=${conversation.id}></chat-room>`);
      const toggle = await until(() => shadow(room).querySelector<HTMLButtonElement>('.message button.actions'), 'actions button');
      shadow(room).querySelector('textarea')!.focus();
      await sendKeys({ type: '@' });
      await until(() => shadow(room).querySelector('#mention-list'), 'mention list');
      await expect(room).to.be.accessible();
      await sendKeys({ press: 'Escape' });

      toggle.click();
      await until(() => shadow(room).querySelector('[role="menu"]:popover-open'), 'menu open');
      await expect(room).to.be.accessible();
      shadow(room).querySelector<HTMLElement>('[role="menu"]')!.hidePopover();

      shadow(room).querySelector<HTMLButtonElement>('header button.info')!.click();
      await until(() => shadow(room).querySelector('aside.info-panel'), 'info panel');
      await expect(room).to.be.accessible();
    });
  }
});
