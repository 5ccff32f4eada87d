// Demo page: each pane is one person. A demo token comes from the server's demo endpoint.
// User ids, and the names the elements show (the demo endpoint makes the id from the name).
const PEOPLE = { alice: 'Alice', bob: 'Bob', carol: 'Carol', dave: 'Dave' };
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

/** Resolves once the client is online; rejects after `ms` (the caller shows why). */
function online(client, ms = 5000) {
  if (client.state === 'online') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const settle = (error) => {
      clearTimeout(timer);
      client.removeEventListener('statechange', check);
      if (error) reject(error);
      else resolve();
    };
    const check = () => {
      if (client.state === 'online') settle();
    };
    const timer = setTimeout(() => settle(new Error('Not connected')), ms);
    client.addEventListener('statechange', check);
  });
}

function option(value, label, selected) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
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
      <label>Kind <select name="kind">
        <option value="normal">conversation</option>
        <option value="transient">chat room (by name)</option>
        <option value="temporary">temporary (1 hour)</option>
      </select></label>
      <label>Chat with <input name="members" placeholder="bob, carol" autocomplete="off" /></label>
      <label>Name <input name="name" placeholder="optional" autocomplete="off" /></label>
      <button type="submit">Start</button>
      <output name="status" aria-live="polite"></output>
    </form>
    <form class="toolbar news">
      <button type="button" name="subscribe">Subscribe to Parley news</button>
      <label>Post to it <input name="text" placeholder="an announcement" autocomplete="off" /></label>
      <button type="submit">Post</button>
      <output name="status" aria-live="polite"></output>
    </form>
    <chat-client server="${server}">
      <div class="app">
        <chat-list for="${roomId}"></chat-list>
        <chat-room id="${roomId}">
          <button slot="header-start" type="button" class="back" aria-label="Back to conversations">‹</button>
        </chat-room>
      </div>
    </chat-client>`;
  const select = pane.querySelector('select');
  for (const [id, name] of Object.entries(PEOPLE)) select.append(option(id, name, pane.dataset.user));
  const provider = pane.querySelector('chat-client');
  const room = pane.querySelector('chat-room');
  const list = pane.querySelector('chat-list');
  const start = pane.querySelector('form.start');
  const news = pane.querySelector('form.news');
  // On a phone the list and the room take turns on the screen (demo.css): the room once one is chosen.
  const app = pane.querySelector('.app');
  const showRoom = (shown) => app.classList.toggle('room-open', shown);
  list.addEventListener('chat-select', () => showRoom(true));
  // The room closes its conversation when the user leaves it (or is removed): back to the list.
  new MutationObserver(() => room.getAttribute('conversation') || showRoom(false)).observe(room, { attributeFilter: ['conversation'] });
  pane.querySelector('.back').addEventListener('click', () => {
    showRoom(false);
    list.focus();
  });
  const open = (conversation) => {
    room.setAttribute('conversation', conversation.id);
    list.selected = conversation.id;
    showRoom(true);
  };

  const signIn = async (id) => {
    room.removeAttribute('conversation');
    list.selected = '';
    showRoom(false);
    provider.token = await demoToken(PEOPLE[id]);
    start.members.value = Object.keys(PEOPLE).find((p) => p !== id);
  };
  select.addEventListener('change', () => signIn(select.value));
  pane.querySelector('form.who').addEventListener('submit', (e) => e.preventDefault());

  start.addEventListener('submit', async (event) => {
    event.preventDefault();
    const members = start.members.value.split(',').map((m) => m.trim().toLowerCase()).filter(Boolean);
    const name = start.name.value.trim();
    const client = provider.client;
    try {
      // Clicked while the pane is still connecting: wait for it (a few seconds at most).
      await online(client);
      let conversation;
      if (start.kind.value === 'transient') {
        // A chat room is found by name and joined, or made.
        const roomName = name || 'Lobby';
        const [existing] = await client.getChatRoomQuery().equalTo('name', roomName).find();
        conversation = existing ? await client.conversations.join(existing.id) : await client.createChatRoom({ name: roomName });
      } else if (start.kind.value === 'temporary') {
        conversation = await client.createTemporaryConversation(name ? { members, name, ttl: 3600 } : { members, ttl: 3600 });
      } else {
        conversation = await client.createConversation(name ? { members, name } : { members });
      }
      open(conversation);
      start.status.value = '';
    } catch (error) {
      start.status.value = error.message;
    }
  });

  // The service conversation: the demo server plays the site's backend (a real one uses the admin API).
  const demoService = async (path, body) => {
    const response = await fetch(`${server}/api/demo/news/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${provider.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(answer.error?.message ?? `failed: ${response.status}`);
    return answer;
  };
  news.subscribe.addEventListener('click', async () => {
    try {
      const { cid } = await demoService('subscribe');
      open(await provider.client.openConversation(cid));
      news.status.value = '';
    } catch (error) {
      news.status.value = error.message;
    }
  });
  news.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await demoService('post', { text: news.text.value });
      news.text.value = '';
      news.status.value = '';
    } catch (error) {
      news.status.value = error.message;
    }
  });

  void signIn(pane.dataset.user);
}

document.querySelectorAll('.pane').forEach(setUpPane);

// Theme and language apply to every element: the language through the page's own `lang`.
const look = document.querySelector('form.look');
look.addEventListener('change', () => {
  document.documentElement.lang = look.elements.lang.value;
  document.documentElement.dataset.theme = look.elements.theme.value;
  for (const element of document.querySelectorAll('chat-list, chat-room')) element.setAttribute('theme', look.elements.theme.value);
});
