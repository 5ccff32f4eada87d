import { type Kysely, sql } from 'kysely';
import type { PublicProfile, UserProfile } from '../../protocol/model.js';
import type { Clock } from '../config.js';
import { textPosition } from '../store/dialect.js';
import type { Database } from '../store/schema.js';
import type { Realtime } from './realtime.js';

/** Conversations whose members know each other; a chat room or a service's subscribers do not. */
const ACQUAINTING_KINDS = ['normal', 'temporary'];

/** Each user's name and picture as their last token gave them: what others see of them. */
export class UserProfiles {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly realtime: Pick<Realtime, 'toUsers'>,
  ) {}

  /**
   * Keeps the profile a token (or the admin API) carried. Every connection calls this, so an
   * unchanged one writes nothing; a new or changed one is pushed to the people who show it.
   * Without `replace`, only a user not known yet is stored (a visitor token's placeholder name
   * must not undo the name the visitor gave).
   */
  async remember(profile: UserProfile, { replace = true } = {}): Promise<void> {
    const changes = { name: profile.name, avatar: profile.avatar ?? '', updated_at: this.clock.now() };
    const result = await this.db
      .insertInto('users')
      .values({ id: profile.id, ...changes })
      .onConflict((oc) =>
        replace
          ? oc
              .column('id')
              .doUpdateSet(changes)
              .where((eb) => eb.or([eb('users.name', '<>', eb.ref('excluded.name')), eb('users.avatar', '<>', eb.ref('excluded.avatar'))]))
          : oc.column('id').doNothing(),
      )
      .executeTakeFirst();
    if (!result.numInsertedOrUpdatedRows) return;
    const acquaintances = await this.db.selectFrom(this.acquaintancesOf(profile.id).as('a')).select('a.user_id').distinct().execute();
    const others = acquaintances.map((row) => row.user_id).filter((id) => id !== profile.id);
    this.realtime.toUsers(others, 'user:profile-updated', publicProfile({ id: profile.id, ...changes }));
  }

  /**
   * People `me` shares a normal or temporary conversation with, whose name or id contains `text`
   * (ignoring case), those starting with it first, then by name. Only people, never the whole
   * user table: a search must not let anyone list a site's users.
   */
  async search(me: string, text: string, limit: number): Promise<PublicProfile[]> {
    const needle = sql`lower(${text})`;
    const inName = textPosition(this.db, sql`lower(u.name)`, needle);
    const inId = textPosition(this.db, sql`lower(u.id)`, needle);
    const rows = await this.db
      .selectFrom('users as u')
      .select(['u.id', 'u.name', 'u.avatar'])
      .where('u.id', '<>', me)
      .where('u.id', 'in', this.acquaintancesOf(me))
      .where(sql<boolean>`(${inName} > 0 or ${inId} > 0)`)
      .orderBy(sql`case when ${inName} = 1 or ${inId} = 1 then 0 else 1 end`)
      .orderBy('u.name')
      .orderBy('u.id')
      .limit(limit)
      .execute();
    return rows.map(publicProfile);
  }

  /** Everyone in a normal or temporary conversation with `user` (`user_id`, with repeats, `user` too). */
  private acquaintancesOf(user: string) {
    return this.db
      .selectFrom('members as mine')
      .innerJoin('conversations as c', 'c.id', 'mine.conversation_id')
      .innerJoin('members as theirs', 'theirs.conversation_id', 'mine.conversation_id')
      .where('mine.user_id', '=', user)
      .where('c.kind', 'in', ACQUAINTING_KINDS)
      .select('theirs.user_id');
  }

  /**
   * The known ones among these users, in the order asked (`ids` without repeats); with `among`,
   * only those sharing a normal or temporary conversation with that user.
   */
  async find(ids: string[], among?: string): Promise<PublicProfile[]> {
    let query = this.db.selectFrom('users as u').select(['u.id', 'u.name', 'u.avatar']).where('u.id', 'in', ids);
    if (among !== undefined) query = query.where('u.id', 'in', this.acquaintancesOf(among));
    const rows = await query.execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [publicProfile(row)] : [];
    });
  }
}

function publicProfile(row: { id: string; name: string; avatar: string }): PublicProfile {
  return row.avatar ? { id: row.id, name: row.name, avatar: row.avatar } : { id: row.id, name: row.name };
}
