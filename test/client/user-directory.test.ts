import { expect } from '@open-wc/testing';
import { admin, closeClients, connectClient, openClient, uniqueUser, until } from '../web-support/parley.js';

describe('ChatClient people', () => {
  afterEach(closeClients);

  it('knows the user’s own name from the token, before any lookup', async () => {
    const name = uniqueUser('Ada Lovelace');
    const ada = await openClient(name);
    expect(ada.user.id).to.not.equal(name);
    expect(ada.people.nameOf(ada.user.id)).to.equal(name);
  });

  it('shows an id until the name arrives from the server, then announces it', async () => {
    const adaName = uniqueUser('Ada Lovelace');
    const ada = await connectClient(adaName);
    const bob = await connectClient(uniqueUser('Bob'));
    let updates = 0;
    bob.addEventListener('profilesupdate', () => updates++);

    expect(bob.people.nameOf(ada.user.id)).to.equal(ada.user.id);
    await until(() => bob.people.nameOf(ada.user.id) === adaName, 'Ada’s name at Bob’s');
    expect(updates).to.equal(1);
    expect(bob.people.profileOf(ada.user.id)).to.deep.equal({ id: ada.user.id, name: adaName });
  });

  it('keeps names in the cache: a page opened offline shows them', async () => {
    const adaName = uniqueUser('Ada Lovelace');
    const ada = await connectClient(adaName);
    const bobName = uniqueUser('Bob');
    const bob = await connectClient(bobName);
    bob.people.nameOf(ada.user.id);
    await until(() => bob.people.nameOf(ada.user.id) === adaName, 'Ada’s name at Bob’s');
    await until(async () => (await indexedDbUsers(bob.user.id)).includes(ada.user.id), 'Ada’s name in Bob’s cache');
    await bob.close();

    const again = await openClient(bobName);
    again.disconnect();
    // Nothing asked for Ada's name while online, so only the cache can have it.
    await until(() => again.people.nameOf(ada.user.id) === adaName, 'Ada’s name from the cache');
    expect(again.state).to.not.equal('online');
  });

  it('asks again, after a reconnect, about people the server did not know yet', async () => {
    const bob = await connectClient(uniqueUser('Bob'));
    const carolName = uniqueUser('Carol Later');
    const carolId = carolName.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-'); // the demo tokens' rule
    expect(bob.people.nameOf(carolId)).to.equal(carolId);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the lookup answers: nobody by that id
    expect(bob.people.nameOf(carolId)).to.equal(carolId);

    await connectClient(carolName);
    bob.disconnect();
    bob.reconnect();
    await until(() => bob.state === 'online', 'Bob back online');
    await until(() => bob.people.nameOf(carolId) === carolName, 'Carol’s name once she has connected');
  });

  it('shows a new name as soon as the server has it, and keeps it in the cache', async () => {
    const ada = await connectClient(uniqueUser('Ada'));
    const bob = await connectClient(uniqueUser('Bob'));
    await ada.createConversation({ members: [bob.user.id] });
    await until(() => bob.people.nameOf(ada.user.id) !== ada.user.id, 'Ada’s first name at Bob’s');
    let updates = 0;
    bob.addEventListener('profilesupdate', () => updates++);

    await admin('PUT', `/users/${ada.user.id}`, { name: 'Ada Byron', avatar: 'https://example.com/ada.png' });
    await until(() => bob.people.nameOf(ada.user.id) === 'Ada Byron', 'the new name pushed to Bob');
    expect(bob.people.profileOf(ada.user.id)).to.deep.equal({ id: ada.user.id, name: 'Ada Byron', avatar: 'https://example.com/ada.png' });
    expect(updates).to.equal(1);
    await until(async () => (await indexedDbUsers(bob.user.id)).includes(ada.user.id), 'in Bob’s cache');
  });

  it('searches people by part of a name or id: known ones at once, co-members from the server, never strangers', async () => {
    const tag = uniqueUser('x').slice(-6);
    const adaName = `Ada ${tag}`;
    const ada = await connectClient(adaName);
    const bertName = `Bert Adams ${tag}`;
    const bert = await connectClient(bertName);
    await connectClient(`Adalbert Stranger ${tag}`);
    const carol = await connectClient(uniqueUser('Carol'));
    // Carol shares a group with Ada and Bert, made by Ada: Carol's page has asked for no names.
    await ada.createConversation({ members: [carol.user.id, bert.user.id], unique: false });

    const found = await carol.people.search(`ADA`);
    const ours = found.filter((p) => p.name.endsWith(tag));
    expect(ours).to.deep.equal([
      { id: ada.user.id, name: adaName },
      { id: bert.user.id, name: bertName },
    ]);
    expect(carol.people.nameOf(bert.user.id)).to.equal(bertName, 'found people are known by name after');
    expect(await carol.people.search(tag, 1)).to.have.length(1);
    expect(await carol.people.search('   ')).to.deep.equal([]);

    carol.disconnect();
    const offline = await carol.people.search(`adams ${tag}`);
    expect(offline).to.deep.equal([{ id: bert.user.id, name: bertName }], 'offline: the known ones');
  });
});

/** The user ids in a user's cached directory, read straight from IndexedDB. */
async function indexedDbUsers(userId: string): Promise<string[]> {
  const databases = await indexedDB.databases();
  const name = databases.map((d) => d.name).find((n) => n?.endsWith(`:${userId}`));
  if (!name) return [];
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    if (!db.objectStoreNames.contains('users')) return [];
    return await new Promise<string[]>((resolve, reject) => {
      const request = db.transaction('users').objectStore('users').getAllKeys();
      request.onsuccess = () => resolve(request.result as string[]);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}
