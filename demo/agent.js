// Agent console: an agent signs in (demo token with the agent role), sets available/away, takes
// conversations from the queue, answers in <chat-room>, sees who the visitor is, transfers,
// writes internal notes and closes. Built from <chat-list>, <chat-room> and client.support.
import { ChatClient } from '/dist/parley.js';

const server = location.origin;
const $ = (id) => document.getElementById(id);

const CANNED = [
  'Hello! Thanks for reaching out. How can I help?',
  'Let me check that for you, one moment please.',
  'Could you send me your order number?',
  'Is there anything else I can help you with?',
  'Thank you for chatting with us. Have a nice day!',
];

let client;
let current = '';

async function agentToken(name, departments) {
  const response = await fetch(`${server}/api/demo/token?role=agent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(departments.length ? { name, departments } : { name }),
  });
  if (!response.ok) throw new Error(`token request failed: ${response.status}`);
  return (await response.json()).token;
}

function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function since(ms) {
  const minutes = Math.max(0, Math.round((Date.now() - ms) / 60000));
  return minutes < 1 ? 'just now' : `${minutes} min ago`;
}

function renderQueue(tickets) {
  const queue = $('queue');
  queue.replaceChildren(
    ...tickets.map((ticket) => {
      const item = el('li');
      item.dataset.cid = ticket.cid;
      item.append(el('strong', ticket.visitor.name), el('span', ` · ${ticket.department} · ${since(ticket.queuedAt ?? ticket.createdAt)}`));
      const take = el('button', 'Take');
      take.addEventListener('click', async () => {
        take.disabled = true;
        try {
          await client.support.take(ticket.cid);
          await Promise.all([select(ticket.cid), refreshQueue()]);
        } catch (error) {
          take.disabled = false;
          $('ticket-status').textContent = error.message;
        }
      });
      item.append(el('br'), take);
      return item;
    }),
  );
  $('queue-count').textContent = String(tickets.length);
}

function browserOf(userAgent = '') {
  const match = /(Edg|Chrome|Firefox|Safari)\/([\d.]+)/.exec(userAgent);
  return match ? `${match[1] === 'Edg' ? 'Edge' : match[1]} ${match[2].split('.')[0]}` : userAgent || 'unknown';
}

function renderTicket(ticket) {
  const info = ticket.info ?? {};
  const rows = [
    ['Name', ticket.visitor.name],
    ['Page', info.pageUrl ?? '—'],
    ['Page title', info.pageTitle ?? '—'],
    ['Browser', browserOf(info.userAgent)],
    ['Language', info.language ?? '—'],
    ['Department', ticket.department],
    // The pre-chat form's other fields (its name is the Name above).
    ...Object.entries(info.form ?? {}).filter(([field]) => field !== 'name'),
    ['Status', ticket.status],
  ];
  if (ticket.rating) rows.push(['Rating', `${ticket.rating.score}/5 ${ticket.rating.comment ?? ''}`]);
  $('visitor-info').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', k), el('dd', String(v))]));
  $('close-ticket').disabled = ticket.status === 'closed';
  $('ticket-status').textContent = ticket.status === 'closed' ? 'This conversation is closed.' : '';
}

async function renderAgents() {
  const agents = await client.support.agents();
  const select = $('transfer').elements.to;
  select.replaceChildren(
    ...agents
      .filter((a) => a.id !== client.user.id)
      .map((a) => el('option', `${a.name} (${a.online ? a.status : 'offline'}, ${a.open} open)`, { value: a.id })),
  );
}

async function renderNotes(cid) {
  const notes = await client.support.notes(cid);
  $('notes').replaceChildren(...notes.map((n) => el('li', `${n.author}: ${n.text}`)));
}

async function select(cid) {
  current = cid;
  $('room-slot').querySelector('chat-room').setAttribute('conversation', cid);
  $('list-slot').querySelector('chat-list').setAttribute('selected', cid);
  $('details').hidden = false;
  // A conversation transferred in: its history from before this agent joined, one page of it.
  client.loadOlder(cid).catch(() => undefined);
  renderTicket(await client.support.get(cid));
  await Promise.all([renderNotes(cid), renderAgents()]);
}

function wireDetails() {
  for (const text of CANNED) {
    const button = el('button', text);
    button.addEventListener('click', () => current && client.send(current, text));
    $('canned').append(button);
  }
  $('transfer').addEventListener('submit', async (event) => {
    event.preventDefault();
    const to = event.target.elements.to.value;
    if (!current || !to) return;
    try {
      await client.support.transfer(current, to);
      $('ticket-status').textContent = 'Transferred.';
    } catch (error) {
      $('ticket-status').textContent = error.message;
    }
  });
  $('note').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = event.target.elements.text;
    if (!current) return;
    await client.support.addNote(current, input.value);
    input.value = '';
    await renderNotes(current);
  });
  $('close-ticket').addEventListener('click', async () => {
    if (!current) return;
    renderTicket(await client.support.close(current));
  });
}

async function signIn(name, departments) {
  const token = await agentToken(name, departments);
  client = await ChatClient.connect({ server, token });
  const list = el('chat-list', undefined, { for: 'room' });
  list.client = client;
  $('list-slot').append(list);
  const room = el('chat-room', undefined, { id: 'room' });
  room.client = client;
  $('room-slot').append(room);
  list.addEventListener('chat-select', (event) => void select(event.conversationId));

  client.addEventListener('supportqueue', () => void refreshQueue());
  client.addEventListener('supportassigned', (event) => {
    void refreshQueue();
    if (!current) void select(event.detail.cid);
  });
  client.addEventListener('supportticket', (event) => {
    if (event.detail.cid === current) renderTicket(event.detail);
  });
  client.addEventListener('supportreleased', (event) => {
    if (event.detail.cid === current) $('ticket-status').textContent = 'Transferred: no longer yours.';
  });
  client.addEventListener('supportnote', (event) => {
    if (event.detail.cid === current) void renderNotes(current);
  });
  client.addEventListener('synced', () => void refreshQueue());

  const status = $('presence').elements.status;
  status.addEventListener('change', () => void client.support.setAvailability(status.value));
  const goAvailable = () => client.support.setAvailability(status.value).then(refreshQueue);
  if (client.state === 'online') await goAvailable();
  client.addEventListener('statechange', (event) => event.detail === 'online' && void goAvailable());

  $('me').textContent = `Signed in as ${client.user.name}`;
  $('sign-in').hidden = true;
  $('presence').hidden = false;
  $('console').hidden = false;
}

async function refreshQueue() {
  renderQueue(await client.support.queue());
}

wireDetails();
$('sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(event.target);
  const departments = String(data.get('departments') ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  void signIn(String(data.get('name')), departments);
});
