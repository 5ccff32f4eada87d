import type { PublicProfile, UserProfile } from '../protocol/model.js';
import { DEFAULT_LIMITS } from '../protocol/limits.js';
import type { CacheDb } from './cache-db.js';
import type { Transport } from './transport.js';

/**
 * People's names and pictures, as the server last had them from each user's token. They are kept
 * in the cache, so a name shows at once, offline too. A name asked for is answered from memory
 * at once (the id while unknown) and looked up on the server once per page, in batches; the
 * server pushes later changes of the people the user shares a conversation with. Someone the
 * server did not know yet (never connected) is asked about again after each reconnect.
 */
export class UserDirectory {
  private readonly known = new Map<string, PublicProfile>();
  /** Looked up on the server since this page opened (or being looked up). */
  private readonly asked = new Set<string>();
  /** Asked about, and unknown to the server. */
  private readonly unknown = new Set<string>();
  private readonly wanted = new Set<string>();
  private lookupScheduled = false;
  private readonly self: string;

  constructor(
    private readonly db: CacheDb,
    private readonly transport: Transport,
    self: UserProfile,
    /** Called when names arrived that differ from what was shown. */
    private readonly changed: () => void,
  ) {
    this.self = self.id;
    this.known.set(self.id, publicPart(self));
    this.asked.add(self.id); // the token names the user; the server has no newer name
    void db.users.toArray().then(
      // Names the server answered meanwhile are newer than the cache's.
      (cached) => this.learn(cached.filter((profile) => !this.known.has(profile.id))),
      () => undefined, // a cache that cannot be read only means the names come from the server
    );
    // Someone the user shares a conversation with was renamed (or named for the first time).
    transport.on('user:profile-updated', (profile) => {
      this.learn([profile]);
      void db.users.put(publicPart(profile)).catch(() => undefined);
    });
    transport.addEventListener('statechange', () => {
      if (transport.state !== 'online') return;
      for (const id of this.unknown) this.asked.delete(id);
      this.unknown.clear();
      this.scheduleLookup();
    });
  }

  /** What is known of a user now; undefined (and looked up) when nothing is yet. */
  profileOf(id: string): PublicProfile | undefined {
    if (!this.asked.has(id)) {
      this.wanted.add(id);
      this.scheduleLookup();
    }
    return this.known.get(id);
  }

  /** The name to show for a user: their id until their name is known. */
  nameOf(id: string): string {
    return this.profileOf(id)?.name ?? id;
  }

  /** The one known person (not the user) with exactly this name, ignoring case; undefined if none or several. */
  idNamed(name: string): string | undefined {
    const wanted = name.toLowerCase();
    const matches = this.othersWhere((lowerName) => lowerName === wanted, 2);
    return matches.length === 1 ? matches[0] : undefined;
  }

  /** Known people (not the user) whose name contains `text`, ignoring case: at most `limit`. */
  idsMatching(text: string, limit: number): string[] {
    const wanted = text.toLowerCase();
    return this.othersWhere((lowerName) => lowerName.includes(wanted), limit);
  }

  /**
   * People (not the user) whose name or id contains `text`, ignoring case, those starting with it
   * first: the ones known here, then those the server finds among the people the user shares a
   * conversation with. Offline, the known ones only.
   */
  async search(text: string, limit: number = DEFAULT_LIMITS.peopleSearchSize): Promise<PublicProfile[]> {
    const wanted = text.trim().toLowerCase();
    if (!wanted) return [];
    const found = new Map<string, PublicProfile>();
    const matches = (profile: PublicProfile) => [profile.name, profile.id].some((word) => word.toLowerCase().includes(wanted));
    for (const profile of this.known.values()) if (profile.id !== this.self && matches(profile)) found.set(profile.id, profile);
    if (this.transport.state === 'online') {
      try {
        const { profiles } = await this.transport.request('user:search', { text: wanted, limit: Math.min(limit, DEFAULT_LIMITS.maxPeopleSearchSize) });
        this.learn(profiles);
        await this.db.users.bulkPut(profiles).catch(() => undefined);
        for (const profile of profiles) found.set(profile.id, this.known.get(profile.id)!);
      } catch {
        // Offline meanwhile: the known ones are the answer.
      }
    }
    const startsWithText = (profile: PublicProfile) => [profile.name, profile.id].some((word) => word.toLowerCase().startsWith(wanted));
    return [...found.values()]
      .sort((a, b) => Number(!startsWithText(a)) - Number(!startsWithText(b)) || a.name.localeCompare(b.name))
      .slice(0, limit);
  }

  /** The ids of up to `limit` known people other than the user whose lower-cased name passes `test`. */
  private othersWhere(test: (lowerName: string) => boolean, limit: number): string[] {
    const ids: string[] = [];
    for (const profile of this.known.values()) {
      if (ids.length === limit) break;
      if (profile.id !== this.self && test(profile.name.toLowerCase())) ids.push(profile.id);
    }
    return ids;
  }

  /** Renders ask for many names at once: they are looked up together, after the render. */
  private scheduleLookup(): void {
    if (this.lookupScheduled || this.wanted.size === 0 || this.transport.state !== 'online') return;
    this.lookupScheduled = true;
    setTimeout(() => {
      this.lookupScheduled = false;
      void this.lookUp();
    });
  }

  private async lookUp(): Promise<void> {
    while (this.wanted.size > 0 && this.transport.state === 'online') {
      const batch = [...this.wanted].slice(0, DEFAULT_LIMITS.maxProfileQuery);
      for (const id of batch) {
        this.wanted.delete(id);
        this.asked.add(id);
      }
      try {
        const { profiles } = await this.transport.request('user:profiles', { users: batch });
        const found = new Set(profiles.map((profile) => profile.id));
        for (const id of batch) if (!found.has(id)) this.unknown.add(id);
        this.learn(profiles);
        await this.db.users.bulkPut(profiles).catch(() => undefined);
      } catch {
        // Offline or refused: asked again after the next reconnect.
        for (const id of batch) {
          this.asked.delete(id);
          this.wanted.add(id);
        }
        return;
      }
    }
  }

  private learn(profiles: PublicProfile[]): void {
    let changed = false;
    for (const profile of profiles) {
      const before = this.known.get(profile.id);
      if (before && before.name === profile.name && before.avatar === profile.avatar) continue;
      this.known.set(profile.id, publicPart(profile));
      changed = true;
    }
    if (changed) this.changed();
  }
}

function publicPart(profile: PublicProfile): PublicProfile {
  return profile.avatar ? { id: profile.id, name: profile.name, avatar: profile.avatar } : { id: profile.id, name: profile.name };
}
