import type { ColumnType } from 'kysely';

/** A nullable column an insert may leave out. */
type NullByDefault<T> = ColumnType<T | null, T | null | undefined, T | null>;

/** Customer service tables (migration 004); times are ms since epoch, JSON columns hold text. */
export interface SupportTables {
  support_visitors: SupportVisitorsTable;
  support_agents: SupportAgentsTable;
  support_agent_connections: SupportAgentConnectionsTable;
  support_tickets: SupportTicketsTable;
  support_notes: SupportNotesTable;
  support_offline_messages: SupportOfflineMessagesTable;
}

/** Anonymous visitors: the hash of the secret that lets a browser come back as the same visitor. */
export interface SupportVisitorsTable {
  id: string;
  secret_hash: string;
  created_at: number;
}

export interface SupportAgentsTable {
  user_id: string;
  name: string;
  avatar: NullByDefault<string>;
  /** JSON array of department ids; null serves every department. */
  departments: NullByDefault<string>;
  /** `available` or `away`, kept across reconnects. */
  status: string;
  /** When the agent was last given a conversation (0: never): ties go to the longest idle. */
  last_assigned_at: number;
  updated_at: number;
}

/** One row per open agent connection: an agent without one is never routed to. */
export interface SupportAgentConnectionsTable {
  socket_id: string;
  user_id: string;
  connected_at: number;
  /** The node holding the connection ('' before nodes were recorded). */
  node_id: string;
}

/** One row per support conversation; kept after the conversation expires, for reporting. */
export interface SupportTicketsTable {
  cid: string;
  visitor_id: string;
  visitor_name: string;
  department: string;
  status: string;
  agent_id: NullByDefault<string>;
  /** JSON VisitorInfo. */
  info: string;
  created_at: number;
  /** When it last started waiting (queue order). */
  queued_at: number;
  assigned_at: NullByDefault<number>;
  first_response_at: NullByDefault<number>;
  closed_at: NullByDefault<number>;
  rating: NullByDefault<number>;
  rating_comment: NullByDefault<string>;
}

export interface SupportNotesTable {
  id: string;
  cid: string;
  author: string;
  text: string;
  created_at: number;
}

export interface SupportOfflineMessagesTable {
  id: string;
  visitor_id: string;
  email: string;
  name: NullByDefault<string>;
  text: string;
  department: string;
  page_url: NullByDefault<string>;
  created_at: number;
}
