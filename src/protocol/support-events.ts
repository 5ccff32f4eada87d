import type { Ack } from './events.js';
import type { MessageRecord } from './model.js';
import type {
  AgentListPayload,
  AvailabilityPayload,
  NotePayload,
  OfflineMessagePayload,
  QueuePayload,
  SupportCidPayload,
  SupportRatePayload,
  SupportStartPayload,
  TransferPayload,
} from './support-schemas.js';
import type { AgentState, AgentTicket, SupportNote, VisitorTicket } from './support-model.js';

type Empty = Record<string, never>;

/** Customer service commands (part of ClientToServerEvents). Agent commands need `role: "agent"` in the token. */
export interface SupportCommands {
  /** Visitor: opens a support conversation (with its first message) and routes it. */
  'support:start': (payload: SupportStartPayload, ack: Ack<{ ticket: VisitorTicket; message?: MessageRecord }>) => void;
  /** Visitor: their earlier conversations that still exist, newest first. */
  'support:mine': (payload: Empty, ack: Ack<{ tickets: VisitorTicket[] }>) => void;
  /** Visitor: a closed conversation again, routed like a new one. */
  'support:reopen': (payload: SupportCidPayload, ack: Ack<VisitorTicket>) => void;
  /** Visitor: 1–5 and a comment, once closed. */
  'support:rate': (payload: SupportRatePayload, ack: Ack<VisitorTicket>) => void;
  /** Visitor: the offline form (no agent online, or outside business hours). */
  'support:offline-message': (payload: OfflineMessagePayload, ack: Ack<{ id: string }>) => void;
  /** Visitors get their view, agents theirs. */
  'support:get': (payload: SupportCidPayload, ack: Ack<VisitorTicket | AgentTicket>) => void;
  /** The visitor or the agent handling it ends it; the visitor is then asked for a rating. */
  'support:close': (payload: SupportCidPayload, ack: Ack<VisitorTicket | AgentTicket>) => void;
  'support:set-availability': (payload: AvailabilityPayload, ack: Ack<AgentState>) => void;
  'support:agents': (payload: Empty, ack: Ack<{ agents: AgentState[] }>) => void;
  /** Waiting conversations of the agent's departments (or one of them), oldest first. */
  'support:queue': (payload: QueuePayload, ack: Ack<{ tickets: AgentTicket[] }>) => void;
  /** The agent's own conversations. */
  'support:list': (payload: AgentListPayload, ack: Ack<{ tickets: AgentTicket[] }>) => void;
  'support:take': (payload: SupportCidPayload, ack: Ack<AgentTicket>) => void;
  'support:transfer': (payload: TransferPayload, ack: Ack<AgentTicket>) => void;
  'support:note': (payload: NotePayload, ack: Ack<SupportNote>) => void;
  'support:notes': (payload: SupportCidPayload, ack: Ack<{ notes: SupportNote[] }>) => void;
}

/** Customer service pushes (part of ServerToClientEvents). */
export interface SupportPushes {
  /** To the visitor: queue position, the agent who joined, closed (ask for a rating). */
  'support:updated': (ticket: VisitorTicket) => void;
  /** To the agents of a department: its whole queue, oldest first. */
  'support:queue-updated': (event: { department: string; tickets: AgentTicket[] }) => void;
  /** To the agent who now handles a conversation (routed, taken or transferred to them). */
  'support:assigned': (ticket: AgentTicket) => void;
  /** To the agent who no longer handles it. */
  'support:released': (event: { cid: string; reason: 'transferred' }) => void;
  /** To the agent handling it: closed, rated, reopened. */
  'support:ticket-updated': (ticket: AgentTicket) => void;
  /** To the agent handling it and the note's author. */
  'support:note-added': (note: SupportNote) => void;
  /** To every agent: someone's availability or load changed. */
  'support:agent-updated': (agent: AgentState) => void;
}
