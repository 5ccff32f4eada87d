import { expect } from '@open-wc/testing';
import { ChatClient } from '../../src/client/chat-client.js';
import { createVisitor, fetchSupportConfig } from '../../src/client/support-api.js';
import type { ChatError } from '../../src/protocol/chat-error.js';
import type { AgentTicket, VisitorTicket } from '../../src/protocol/support-model.js';
import { closeClients, firstValue, serverUrl, uniqueUser, until } from '../web-support/parley.js';

const clients: ChatClient[] = [];

async function agentClient(name: string): Promise<ChatClient> {
  const response = await fetch(`${await serverUrl()}/api/demo/token?role=agent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  const { token } = (await response.json()) as { token: string };
  return online(await ChatClient.connect({ server: await serverUrl(), token }));
}

async function online(client: ChatClient): Promise<ChatClient> {
  clients.push(client);
  await until(() => client.state === 'online', 'client online');
  return client;
}

function nextEvent<T>(client: ChatClient, name: string, matches: (detail: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} event`)), 5000);
    const listener = (event: Event) => {
      const detail = (event as CustomEvent<T>).detail;
      if (!matches(detail)) return;
      clearTimeout(timer);
      client.removeEventListener(name, listener);
      resolve(detail);
    };
    client.addEventListener(name, listener);
  });
}

describe('ChatClient customer service', () => {
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close({ clear: true })));
    await closeClients();
  });

  it('lets an anonymous visitor reach an agent, talk, get a note-free transcript, and rate', async () => {
    const server = await serverUrl();
    const agent = await agentClient(uniqueUser('Agent'));
    await agent.support.setAvailability('available');
    await until(async () => (await agent.support.agents()).some((a) => a.id === agent.user.id && a.online), 'agent online');
    const config = await fetchSupportConfig(server);
    expect(config.open).to.equal(true);

    const identity = await createVisitor(server);
    expect(identity.visitor.id).to.match(/^visitor:/);
    const again = await createVisitor(server, identity.resume);
    expect(again.visitor.id).to.equal(identity.visitor.id);
    const visitor = await online(await ChatClient.connect({ server, token: identity.token }));
    expect([visitor.user.role, agent.user.role]).to.deep.equal(['visitor', 'agent']);

    const assigned = nextEvent<AgentTicket>(agent, 'supportassigned');
    const { ticket } = await visitor.support.start({
      form: { name: 'Ada' },
      info: { pageUrl: location.href, language: navigator.language },
      message: { text: 'My order never came', clientId: `support-${Date.now()}` },
    });
    expect(ticket.status).to.equal('active');
    expect(ticket.agent?.id).to.equal(agent.user.id);
    const seen = await assigned;
    expect(seen.visitor.name).to.equal('Ada');
    expect(seen.info.userAgent).to.equal(navigator.userAgent);
    // The conversation is in both caches, like any other.
    await until(() => firstValue(agent.watchConversation(ticket.cid)), 'agent cached the conversation');
    expect((await firstValue(visitor.watchConversation(ticket.cid)))?.kind).to.equal('temporary');

    await agent.support.addNote(ticket.cid, 'VIP customer, be generous');
    await agent.send(ticket.cid, 'Sorry! Sending a new one today.');
    await until(async () => (await firstValue(visitor.watchMessages(ticket.cid))).some((m) => m.text?.startsWith('Sorry!')), 'reply reached the visitor');

    const text = await visitor.support.transcript(ticket.cid, 'text');
    expect(text).to.contain('My order never came');
    expect(text).to.contain('Sorry! Sending a new one today.');
    expect(text).not.to.contain('VIP');
    const forAgent = await agent.support.transcript(ticket.cid, 'json');
    expect(forAgent.notes?.map((n) => n.text)).to.deep.equal(['VIP customer, be generous']);

    const closed = nextEvent<VisitorTicket>(visitor, 'supportupdate', (t) => t.status === 'closed');
    await agent.support.close(ticket.cid);
    await closed;
    const rated = await visitor.support.rate(ticket.cid, 5, 'fast');
    expect(rated.rating).to.deep.equal({ score: 5, comment: 'fast' });
    expect((await visitor.support.mine()).map((t) => t.cid)).to.include(ticket.cid);
    const reopened = await visitor.support.reopen(ticket.cid);
    expect(reopened.status).to.equal('active');
  });

  it('refuses agent tools to a visitor and offers the offline form when nobody is available', async () => {
    const server = await serverUrl();
    const visitor = await online(await ChatClient.connect({ server, token: (await createVisitor(server)).token }));
    const refused = (await visitor.support.queue().catch((e: unknown) => e)) as ChatError;
    expect(refused.name).to.equal('SUPPORT_AGENT_REQUIRED');
    const agent = await agentClient(uniqueUser('Away'));
    await agent.support.setAvailability('away');
    // Agents of earlier tests may still be going offline on the server.
    await until(async () => !(await fetchSupportConfig(server)).open, 'nobody available');
    const offline = (await visitor.support.start({}).catch((e: unknown) => e)) as ChatError;
    expect(offline.name).to.equal('SUPPORT_OFFLINE');
    expect(offline.detail?.reason).to.equal('no-agents');
    const { id } = await visitor.support.leaveOfflineMessage({ email: 'ada@example.com', text: 'Please call me back' });
    expect(id).to.be.a('string');
  });
});
