/** Customer service shapes: what visitors and agents see of a support conversation ("ticket"). */
import type { MessageRecord } from './model.js';

/** Queued until an agent has it; active while an agent handles it; closed by either side. */
export type TicketStatus = 'queued' | 'active' | 'closed';

/** Who a token says its holder is, for customer service; a site's own users carry no role. */
export type SupportRole = 'agent' | 'visitor';

export type AgentStatus = 'available' | 'away';

export interface AgentInfo {
  id: string;
  name: string;
  avatar?: string;
}

export interface TicketRating {
  score: number;
  comment?: string;
}

/** A support conversation as its visitor sees it. `cid` is a temporary (`_tmp:`) conversation. */
export interface VisitorTicket {
  cid: string;
  status: TicketStatus;
  department: string;
  /** 1-based place in the department's queue, while queued. */
  position?: number;
  /** The agent handling it (and, once closed, who handled it last). */
  agent?: AgentInfo;
  createdAt: number;
  closedAt?: number;
  rating?: TicketRating;
}

/** What the visitor's browser told the server when the conversation opened. */
export interface VisitorInfo {
  pageUrl?: string;
  pageTitle?: string;
  referrer?: string;
  language?: string;
  /** From the connection's User-Agent header, not from the payload. */
  userAgent?: string;
  /** Pre-chat form answers by field name. */
  form?: Record<string, string>;
}

/** A support conversation as agents see it. */
export interface AgentTicket extends VisitorTicket {
  visitor: { id: string; name: string };
  info: VisitorInfo;
  queuedAt?: number;
  assignedAt?: number;
  firstResponseAt?: number;
}

export interface AgentState {
  id: string;
  name: string;
  avatar?: string;
  status: AgentStatus;
  /** Has an open connection now. */
  online: boolean;
  /** The departments the agent serves (all of them when the token names none). */
  departments: string[];
  /** Active conversations the agent handles now. */
  open: number;
}

/** An agent's internal note on a conversation: never a message, never shown to the visitor. */
export interface SupportNote {
  id: string;
  cid: string;
  author: string;
  text: string;
  createdAt: number;
}

export interface Department {
  id: string;
  name: string;
}

export interface PreChatField {
  name: string;
  label: string;
  type: 'text' | 'email' | 'textarea';
  required: boolean;
}

/** Why visitors cannot start a conversation now (and get the offline form instead). */
export type OfflineReason = 'closed' | 'no-agents';

/** `GET /api/support/config`: what the launcher needs before the visitor does anything. */
export interface SupportConfig {
  departments: Department[];
  defaultDepartment: string;
  open: boolean;
  reason?: OfflineReason;
  /** Agents online and available now, in any department. */
  agentsAvailable: number;
  preChatFields: PreChatField[];
}

/** `POST /api/support/visitors`: an anonymous visitor's token and the secret to resume as them. */
export interface VisitorIdentity {
  token: string;
  visitor: { id: string; name: string };
  resume: string;
}

export interface OfflineMessage {
  id: string;
  visitor: string;
  email: string;
  name?: string;
  text: string;
  department: string;
  pageUrl?: string;
  createdAt: number;
}

/** One conversation's reporting record (admin API). */
export interface SupportReportRecord {
  cid: string;
  department: string;
  visitor: string;
  agent?: string;
  createdAt: number;
  firstResponseMs?: number;
  resolutionMs?: number;
  rating?: TicketRating;
}

/** `GET …/transcript?format=json`. Notes only for agents. */
export interface TranscriptJson {
  ticket: VisitorTicket | AgentTicket;
  messages: MessageRecord[];
  notes?: SupportNote[];
}
