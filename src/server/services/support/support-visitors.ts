import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { nanoid } from 'nanoid';
import { ChatError } from '../../../protocol/chat-error.js';
import type { VisitorIdentity } from '../../../protocol/support-model.js';
import type { TokenVerifier } from '../../auth/tokens.js';
import type { Clock } from '../../config.js';
import type { Database } from '../../store/schema.js';
import type { SupportLimits } from './support-limits.js';

const VISITOR_NAME = 'Visitor';

/**
 * Anonymous visitors: a fresh id with a token (role `visitor`), and a secret the browser keeps
 * to come back as the same visitor later. Only a hash of the secret is stored.
 */
export class SupportVisitors {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly tokens: TokenVerifier,
    private readonly limits: SupportLimits,
  ) {}

  async create(ip: string): Promise<VisitorIdentity> {
    await this.limits.admitNewVisitor(ip);
    const id = `visitor:${nanoid()}`;
    const resume = randomBytes(32).toString('base64url');
    await this.db.insertInto('support_visitors').values({ id, secret_hash: hash(resume), created_at: this.clock.now() }).execute();
    return this.identity(id, resume);
  }

  /** `resume` is `<visitor id>.<secret>` as `create` handed it out. */
  async resume(resume: string): Promise<VisitorIdentity> {
    const dot = resume.lastIndexOf('.');
    const id = resume.slice(0, dot);
    const row = dot > 0 ? await this.db.selectFrom('support_visitors').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
    if (!row || !timingSafeEqual(Buffer.from(row.secret_hash, 'hex'), Buffer.from(hash(resume.slice(dot + 1)), 'hex'))) {
      throw new ChatError('SUPPORT_RESUME_REFUSED', undefined, { field: 'resume' });
    }
    return this.identity(id, resume.slice(dot + 1));
  }

  private async identity(id: string, secret: string): Promise<VisitorIdentity> {
    const token = await this.tokens.sign({ id, name: VISITOR_NAME, role: 'visitor' });
    return { token, visitor: { id, name: VISITOR_NAME }, resume: `${id}.${secret}` };
  }
}

function hash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
