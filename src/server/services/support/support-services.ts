import type { Kysely } from 'kysely';
import type { SupportConfig } from '../../../protocol/support-model.js';
import type { TokenVerifier } from '../../auth/tokens.js';
import type { Clock } from '../../config.js';
import type { Database } from '../../store/schema.js';
import type { MessageService } from '../message-service.js';
import type { TemporaryConversations } from '../temporary-conversations.js';
import { AgentDesk } from './agent-desk.js';
import { SupportAgents } from './support-agents.js';
import type { RedisClient } from '../../cluster/redis-adapter.js';
import { SupportLimits } from './support-limits.js';
import { SupportNotices } from './support-notices.js';
import { isWithinHours, type SupportPolicy, supportPolicy } from './support-policy.js';
import { SupportRecords } from './support-records.js';
import { SupportRouter } from './support-routing.js';
import { SupportTranscripts } from './support-transcripts.js';
import { SupportVisitors } from './support-visitors.js';
import { TicketViews } from './ticket-views.js';
import { VisitorDesk } from './visitor-desk.js';

export interface SupportServices {
  policy: SupportPolicy;
  agents: SupportAgents;
  desk: AgentDesk;
  visitors: VisitorDesk;
  identities: SupportVisitors;
  records: SupportRecords;
  transcripts: SupportTranscripts;
  limits: SupportLimits;
  /** What the launcher shows before the visitor does anything. */
  publicConfig(): Promise<SupportConfig>;
}

/** Customer service: routing, the agents' and visitors' sides, records and transcripts. */
export function createSupportServices(deps: {
  db: Kysely<Database>;
  clock: Clock;
  tokens: TokenVerifier;
  messages: MessageService;
  temporary: TemporaryConversations;
  overrides?: Partial<SupportPolicy>;
  /** Rate limits count across nodes through it. */
  redis?: RedisClient;
  /** This node, on the agent connections it holds. */
  nodeId: string;
}): SupportServices {
  const { db, clock, messages } = deps;
  const policy = supportPolicy(deps.overrides);
  const limits = new SupportLimits(policy, deps.redis);
  const agents = new SupportAgents(db, clock, policy.departments, deps.nodeId);
  const router = new SupportRouter(policy.maxOpenPerAgent, clock);
  const views = new TicketViews(db);
  const notices = new SupportNotices(db, views, agents, () => clock.now());
  const records = new SupportRecords(db, clock);
  const visitors = new VisitorDesk({ db, clock, policy, limits, router, views, notices, temporary: deps.temporary, messages });
  return {
    policy,
    agents,
    desk: new AgentDesk({ db, clock, agents, router, views, notices, messages }),
    visitors,
    identities: new SupportVisitors(db, clock, deps.tokens, limits),
    records,
    transcripts: new SupportTranscripts(db, views, records),
    limits,
    async publicConfig() {
      const agentsAvailable = (await agents.states()).filter((a) => a.online && a.status === 'available').length;
      const reason = !isWithinHours(policy.businessHours, clock.now()) ? 'closed' : agentsAvailable === 0 ? 'no-agents' : undefined;
      const config: SupportConfig = {
        departments: policy.departments,
        defaultDepartment: policy.defaultDepartment,
        open: reason === undefined,
        agentsAvailable,
        preChatFields: policy.preChatFields,
      };
      if (reason) config.reason = reason;
      return config;
    },
  };
}
