import type { Kysely } from 'kysely';
import type { PublicProfile, UserProfile } from '../../protocol/model.js';
import type { Clock } from '../config.js';
import type { Database } from '../store/schema.js';

/** Each user's name and picture as their last token gave them: what others see of them. */
export class UserProfiles {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** Keeps the profile a token carried. Every connection calls this, so an unchanged one writes nothing. */
  async remember(profile: UserProfile): Promise<void> {
    const changes = { name: profile.name, avatar: profile.avatar ?? '', updated_at: this.clock.now() };
    await this.db
      .insertInto('users')
      .values({ id: profile.id, ...changes })
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet(changes)
          .where((eb) => eb.or([eb('users.name', '<>', eb.ref('excluded.name')), eb('users.avatar', '<>', eb.ref('excluded.avatar'))])),
      )
      .execute();
  }

  /** The known ones among these users, in the order asked (`ids` without repeats). */
  async find(ids: string[]): Promise<PublicProfile[]> {
    const rows = await this.db.selectFrom('users').select(['id', 'name', 'avatar']).where('id', 'in', ids).execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      if (!row) return [];
      return [row.avatar ? { id, name: row.name, avatar: row.avatar } : { id, name: row.name }];
    });
  }
}
