import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CachedConversation } from '../../client/cache-db.js';
import type { ChatClient } from '../../client/chat-client.js';
import type { ConversationQuery } from '../../client/conversation-query.js';
import type { ConversationKind } from '../../protocol/model.js';
import { LiveQueryController } from '../live-query-controller.js';

/** A member search is only asked for text that can be a user id (the server's rule). */
const POSSIBLE_USER_ID = /^[A-Za-z0-9_][A-Za-z0-9_.@:-]{0,63}$/;
/** People whose known name matches are searched as members too, this many at most. */
const NAMED_PEOPLE_SEARCHED = 3;

export interface ListFilters {
  /** Matches a name that contains it, a member with exactly this id, or a member whose name contains it. */
  search: string;
  unread: boolean;
  mentions: boolean;
  kind: ConversationKind | '';
}

/** One search: its queries (by name, by member) and where each one's server paging stands. */
interface Search {
  text: string;
  kind: ConversationKind | '';
  /** The people whose names matched when the search began: one member query each. */
  people: string[];
  found: CachedConversation[];
  /** The next page's cursor per query; undefined once a query has no more. */
  cursors: (string | undefined)[];
  started: boolean;
}

/**
 * What `<chat-list>` shows: the user's conversations newest first from the live cache, paged by
 * scrolling (the cache first, then the server by cursor); or, while searching, the results of
 * the client's conversation query (the cache at once, then the server, paged the same way).
 */
export class ConversationSource implements ReactiveController {
  filters: ListFilters = { search: '', unread: false, mentions: false, kind: '' };
  loading = false;
  /** The last page failed (offline): only a deliberate retry (scrolling) asks again. */
  private stalled = false;
  /** Browsing: how many pages of the cache are shown. */
  private pages = 1;
  /** Browsing: the server's next page; null before the first ask, undefined when there are no more. */
  private serverCursor: string | null | undefined = null;
  private search: Search | undefined;
  private readonly live: LiveQueryController<CachedConversation[]>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => ChatClient | undefined,
    private readonly pageSize: () => number,
  ) {
    host.addController(this);
    this.live = new LiveQueryController(host, () => this.client()?.watchConversations(this.limit), () => [this.client(), this.limit], {
      // A longer page of the same list: the rows shown stay until it answers, rather than the
      // list emptying for a moment each time scrolling loads more.
      keepValue: ([client], [nextClient]) => client === nextClient,
    });
  }

  hostConnected(): void {}

  private get limit(): number {
    return this.pages * this.pageSize();
  }

  /** Undefined until the cache has answered. */
  get items(): CachedConversation[] | undefined {
    const live = this.live.value;
    if (!live) return undefined;
    const { unread, mentions, kind } = this.filters;
    let list: CachedConversation[];
    if (this.search) {
      // Search results keep their order; the live cache has their newest unread counts.
      const fresh = new Map(live.map((c) => [c.id, c]));
      list = this.search.found.map((c) => fresh.get(c.id) ?? c);
    } else {
      list = kind ? live.filter((c) => c.kind === kind) : live;
    }
    return list.filter((c) => (!unread || c.unreadMessagesCount > 0) && (!mentions || c.unreadMessagesMentioned === true));
  }

  get searching(): boolean {
    return this.search !== undefined;
  }

  get hasMore(): boolean {
    if (this.search) return this.search.cursors.some((c) => c !== undefined);
    // Not before the cache has answered: its first page may be all there is.
    const held = this.live.value?.length;
    return held !== undefined && (held >= this.limit || this.serverCursor !== undefined);
  }

  /** Applies new filters; a changed search text or kind starts a new search. */
  setFilters(filters: ListFilters): void {
    const text = filters.search.trim();
    const searchChanged = text !== (this.search?.text ?? '') || (text !== '' && filters.kind !== this.search?.kind);
    this.filters = filters;
    if (searchChanged) {
      const people = text ? (this.client()?.people.idsMatching(text, NAMED_PEOPLE_SEARCHED) ?? []) : [];
      this.search = text ? { text, kind: filters.kind, people, found: [], cursors: [], started: false } : undefined;
      if (this.search) void this.runSearch(this.search);
    }
    this.host.requestUpdate();
  }

  /** The next page: more of the cache, or the server's next page into the cache. */
  async loadMore(retry: boolean): Promise<void> {
    const client = this.client();
    if (!client || this.loading || !this.hasMore || (this.stalled && !retry)) return;
    this.loading = true;
    this.stalled = false;
    this.host.requestUpdate();
    try {
      if (this.search) await this.searchServer(client, this.search);
      else await this.browseMore(client);
    } catch {
      // Offline or refused: the list keeps what it has; scrolling again retries.
      this.stalled = true;
    } finally {
      this.loading = false;
      this.host.requestUpdate();
    }
  }

  private async browseMore(client: ChatClient): Promise<void> {
    const held = this.live.value?.length ?? 0;
    if (held < this.limit && this.serverCursor !== undefined) {
      // The first ask covers what the cache holds too, so paging continues after it.
      const query = client.getQuery().descending('lastMessageAt').withLastMessagesRefreshed().limit(Math.min(1000, held + this.pageSize()));
      if (this.serverCursor) query.after(this.serverCursor);
      const page = await query.findPage();
      this.serverCursor = page.next;
    }
    this.pages++;
  }

  private queries(client: ChatClient, search: Search): ConversationQuery[] {
    const base = () => {
      const query = client.getQuery().descending('lastMessageAt').withLastMessagesRefreshed().limit(this.pageSize());
      return search.kind ? query.ofKind(search.kind) : query;
    };
    const byName = base().contains('name', search.text);
    const byId = POSSIBLE_USER_ID.test(search.text) ? [base().containsMembers([search.text])] : [];
    const byPerson = search.people.filter((id) => id !== search.text).map((id) => base().containsMembers([id]));
    return [byName, ...byId, ...byPerson];
  }

  private async runSearch(search: Search): Promise<void> {
    const client = this.client();
    if (!client) return;
    const cached = await Promise.all(this.queries(client, search).map((q) => q.findInCache()));
    if (search !== this.search) return;
    this.merge(search, cached.flat());
    this.loading = true;
    try {
      await this.searchServer(client, search);
    } catch {
      // Offline: the cache's answer stands.
      search.cursors = [];
    } finally {
      if (search === this.search) this.loading = false;
      this.host.requestUpdate();
    }
  }

  /** The first or next server page of each query that has more. */
  private async searchServer(client: ChatClient, search: Search): Promise<void> {
    const queries = this.queries(client, search);
    const pages = await Promise.all(
      queries.map((query, i) => {
        const cursor = search.cursors[i];
        if (search.started && cursor === undefined) return undefined;
        return (cursor ? query.after(cursor) : query).findPage();
      }),
    );
    search.started = true;
    search.cursors = pages.map((page) => page?.next);
    if (search !== this.search) return;
    this.merge(search, pages.flatMap((page) => (page?.conversations ?? []).map((c) => ({ ...c, activity: c.lastMessageAt ?? c.createdAt }))));
  }

  private merge(search: Search, found: CachedConversation[]): void {
    const byId = new Map(search.found.map((c) => [c.id, c]));
    for (const c of found) byId.set(c.id, c);
    search.found = [...byId.values()].sort((a, b) => b.activity - a.activity || (a.id < b.id ? 1 : -1));
    this.host.requestUpdate();
  }
}
