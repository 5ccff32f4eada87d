import assert from 'node:assert/strict';
import type { AckResult } from '../../../../src/protocol/events.js';
import type { AgentState } from '../../../../src/protocol/support-model.js';
import { call, connectWithToken, newClientId, request, type TestServer, type TestSocket } from '../../../support/test-server.js';

let counter = 0;
export const fresh = (name: string) => `${name}-${++counter}`;

/** Departments enough for each test to have its own, so agents of one test never take another's visitors. */
export const DEPARTMENTS = Array.from({ length: 16 }, (_, i) => ({ id: `d${i}`, name: `Department ${i}` }));
let nextDepartment = 0;
export const freshDepartment = () => DEPARTMENTS[nextDepartment++]!.id;

export function refusal(result: AckResult<unknown>): string {
  assert.ok(!result.ok, 'expected a refusal');
  return result.error.name;
}

export interface Connected {
  id: string;
  socket: TestSocket;
}

const sockets: TestSocket[] = [];

export function closeSockets(): void {
  for (const s of sockets.splice(0)) s.disconnect();
}

export async function connectAs(t: TestServer, id: string, claims: { role?: 'agent' | 'visitor'; departments?: string[] } = {}): Promise<Connected> {
  const socket = await connectWithToken(t.url, await t.server.tokens.sign({ id, name: id, ...claims }));
  sockets.push(socket);
  return { id, socket };
}

export const visitor = (t: TestServer, name = 'visitor') => connectAs(t, fresh(name), { role: 'visitor' });

/** Polls (bounded) until the agent's state matches: their connection is recorded after the handshake. */
export async function agentState(socket: TestSocket, id: string, ok: (state: AgentState) => boolean): Promise<AgentState> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { agents } = await call(socket, 'support:agents', {});
    const me = agents.find((a) => a.id === id);
    if (me && ok(me)) return me;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`agent ${id} never reached the expected state`);
}

/** An agent of these departments, connected and available. */
export async function availableAgent(t: TestServer, departments: string[], name = 'agent'): Promise<Connected> {
  const agent = await connectAs(t, fresh(name), { role: 'agent', departments });
  await call(agent.socket, 'support:set-availability', { status: 'available' });
  await agentState(agent.socket, agent.id, (s) => s.online && s.status === 'available');
  return agent;
}

export async function awayAgent(t: TestServer, departments: string[], name = 'agent'): Promise<Connected> {
  const agent = await connectAs(t, fresh(name), { role: 'agent', departments });
  await call(agent.socket, 'support:set-availability', { status: 'away' });
  await agentState(agent.socket, agent.id, (s) => s.online);
  return agent;
}

export function start(v: Connected, department: string, text = 'hello, I need help') {
  return call(v.socket, 'support:start', { department, message: { text, clientId: newClientId() }, info: { pageUrl: 'https://shop.example/cart', language: 'en' } });
}

export function startRaw(v: Connected, department: string) {
  return request(v.socket, 'support:start', { department });
}

export function say(s: Connected, cid: string, text: string) {
  return request(s.socket, 'message:send', { cid, clientId: newClientId(), type: -1, text });
}

export async function httpJson(url: string, init: RequestInit = {}): Promise<{ status: number; body: unknown; text: string }> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text };
}
