// Demo page: each pane is one person. A demo token comes from the server's demo endpoint.
const PEOPLE = ['alice', 'bob', 'carol', 'dave'];
const server = location.origin;

async function demoToken(name) {
  const response = await fetch(`${server}/api/demo/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (!response.ok) throw new Error(`token request failed: ${response.status}`);
  return (await response.json()).token;
}

function option(value, selected) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = value;
  o.selected = value === selected;
  return o;
}

function setUpPane(pane, index) {
  const roomId = `room-${index}`;
  pane.innerHTML = `
    <form class="toolbar who">
      <label>You are <select name="user"></select></label>
    </form>
    <form class="toolbar start">
      <label>Chat with <input name="members" placeholder="bob, carol" autocomplete="off" /></label>
      <label>Group name <input name="name" placeholder="optional" autocomplete="off" /></label>
      <button type="submit">Start</button>
      <output name="status" aria-live="polite"></output>
    </form>
    <chat-client server="${server}">
      <div class="app">
        <chat-list for="${roomId}"></chat-list>
        <chat-room id="${roomId}"></chat-room>
      </div>
    </chat-client>`;
  const select = pane.querySelector('select');
  PEOPLE.forEach((p) => select.append(option(p, pane.dataset.user)));
  const provider = pane.querySelector('chat-client');
  const room = pane.querySelector('chat-room');
  const list = pane.querySelector('chat-list');
  const start = pane.querySelector('form.start');

  const signIn = async (name) => {
    room.removeAttribute('conversation');
    list.selected = '';
    provider.token = await demoToken(name);
    start.members.value = PEOPLE.find((p) => p !== name);
  };
  select.addEventListener('change', () => signIn(select.value));
  pane.querySelector('form.who').addEventListener('submit', (e) => e.preventDefault());

  start.addEventListener('submit', async (event) => {
    event.preventDefault();
    const members = start.members.value.split(',').map((m) => m.trim().toLowerCase()).filter(Boolean);
    const name = start.name.value.trim();
    try {
      const conversation = await provider.client.createConversation(name ? { members, name } : { members });
      room.setAttribute('conversation', conversation.id);
      list.selected = conversation.id;
      start.status.value = '';
    } catch (error) {
      start.status.value = error.message;
    }
  });

  void signIn(pane.dataset.user);
}

document.querySelectorAll('.pane').forEach(setUpPane);
