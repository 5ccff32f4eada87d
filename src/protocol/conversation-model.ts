/** Shapes of conversation commands' answers and pushes (members, roles, attributes, chat rooms). */
import type { ErrorName } from './errors.js';
import type { ConversationRecord, MemberRole } from './model.js';

export interface MemberInfo {
  member: string;
  role: MemberRole;
  joinedAt: number;
}

/** The ids one refusal applied to, in a batch member operation. */
export interface MemberFailure {
  code: number;
  name: ErrorName;
  message: string;
  members: string[];
}

/** Batch member operations succeed for some ids and may refuse others, each with its reason. */
export interface MemberChangeResult {
  cid: string;
  successful: string[];
  failures: MemberFailure[];
}

export interface MemberPage {
  members: string[];
  /** Pass as `cursor` for the next page; absent on the last one. */
  next?: string;
}

export interface MemberCount {
  cid: string;
  /** Chat rooms: distinct users online in the room now; others: members (subscribers). */
  count: number;
}

/** A restriction a manager puts on members: `silenced` may not send, `blocked` may not (re)join. */
export type MemberRestriction = 'silenced' | 'blocked';

// ---- pushes ----

/** Name or custom attributes changed (`infoupdated`). */
export interface ConversationUpdatedEvent {
  cid: string;
  name: string;
  attributes: Record<string, unknown>;
  updatedAt: number;
  updatedBy: string;
  /** What this change set (`name`, `attr.x.y`) and removed. */
  changes: { set: Record<string, unknown>; unset: string[] };
}

/** To the members who were already there (`membersjoined`). */
export interface MembersJoinedEvent {
  cid: string;
  members: string[];
  invitedBy: string;
  updatedAt: number;
}

/** To the members who remain (`membersleft`): a quit has `kickedBy` equal to the one who left. */
export interface MembersLeftEvent {
  cid: string;
  members: string[];
  kickedBy: string;
  updatedAt: number;
}

/** To a user just added (`invited`): the conversation as they now see it. */
export interface InvitedEvent {
  conversation: ConversationRecord;
  invitedBy: string;
}

/** To a user removed (`kicked`); `blocked` when the removal came with a block. */
export interface KickedEvent {
  cid: string;
  kickedBy: string;
  blocked?: boolean;
}

export interface MemberInfoUpdatedEvent {
  cid: string;
  member: string;
  role: MemberRole;
  updatedBy: string;
}

/** Members were silenced/unsilenced or blocked/unblocked (`membersmuted`, `membersblocked`…). */
export interface RestrictionsUpdatedEvent {
  cid: string;
  members: string[];
  restriction: MemberRestriction;
  active: boolean;
  by: string;
}

/** The current user muted or unmuted the conversation (on another device). */
export interface MuteUpdatedEvent {
  cid: string;
  muted: boolean;
}

/** The conversation is gone: a temporary one expired, or it was inactive too long. */
export interface ConversationDeletedEvent {
  cid: string;
  reason: 'expired' | 'inactive';
}
