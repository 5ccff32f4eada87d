import type {
  ConversationDeletedEvent,
  ConversationUpdatedEvent,
  InvitedEvent,
  KickedEvent,
  MemberChangeResult,
  MemberCount,
  MemberInfo,
  MemberInfoUpdatedEvent,
  MemberPage,
  MembersJoinedEvent,
  MembersLeftEvent,
  MuteUpdatedEvent,
  RestrictionsUpdatedEvent,
} from './conversation-model.js';
import type {
  CidPayload,
  ConversationQueryPayload,
  CreateChatRoomPayload,
  CreateTemporaryPayload,
  MemberPagePayload,
  MembersPayload,
  UpdateConversationPayload,
  UpdateRolePayload,
} from './conversation-schemas.js';
import type { Ack } from './events.js';
import type { ConversationPage, ConversationRecord } from './model.js';

/** Conversation commands beyond create/list/get/read (part of ClientToServerEvents). */
export interface ConversationCommands {
  'conversation:create-chat-room': (payload: CreateChatRoomPayload, ack: Ack<ConversationRecord>) => void;
  'conversation:create-temporary': (payload: CreateTemporaryPayload, ack: Ack<ConversationRecord>) => void;
  'conversation:query': (payload: ConversationQueryPayload, ack: Ack<ConversationPage>) => void;
  /** Name and custom attributes by dotted key. */
  'conversation:update': (payload: UpdateConversationPayload, ack: Ack<ConversationRecord>) => void;
  'conversation:add': (payload: MembersPayload, ack: Ack<MemberChangeResult>) => void;
  'conversation:remove': (payload: MembersPayload, ack: Ack<MemberChangeResult>) => void;
  /** Chat rooms: enter (leaving the one this connection was in). */
  'conversation:join': (payload: CidPayload, ack: Ack<ConversationRecord>) => void;
  'conversation:quit': (payload: CidPayload, ack: Ack<{ cid: string }>) => void;
  /** Chat rooms: back into the room this user dropped out of, within the rejoin window. */
  'conversation:rejoin': (payload: CidPayload, ack: Ack<ConversationRecord>) => void;
  'conversation:count': (payload: CidPayload, ack: Ack<MemberCount>) => void;
  'conversation:members-info': (payload: CidPayload, ack: Ack<MemberInfo[]>) => void;
  'conversation:update-role': (payload: UpdateRolePayload, ack: Ack<MemberInfo>) => void;
  /** The current user stops (or resumes) push notifications for it. */
  'conversation:mute': (payload: CidPayload, ack: Ack<ConversationRecord>) => void;
  'conversation:unmute': (payload: CidPayload, ack: Ack<ConversationRecord>) => void;
  /** Managers: silenced members may read but not send (4563). */
  'conversation:mute-members': (payload: MembersPayload, ack: Ack<MemberChangeResult>) => void;
  'conversation:unmute-members': (payload: MembersPayload, ack: Ack<MemberChangeResult>) => void;
  /** Managers: blocked members are removed and cannot come back until unblocked. */
  'conversation:block-members': (payload: MembersPayload, ack: Ack<MemberChangeResult>) => void;
  'conversation:unblock-members': (payload: MembersPayload, ack: Ack<MemberChangeResult>) => void;
  'conversation:muted-members': (payload: MemberPagePayload, ack: Ack<MemberPage>) => void;
  'conversation:blocked-members': (payload: MemberPagePayload, ack: Ack<MemberPage>) => void;
}

/** Conversation pushes (part of ServerToClientEvents). */
export interface ConversationPushes {
  'conversation:updated': (event: ConversationUpdatedEvent) => void;
  'conversation:members-joined': (event: MembersJoinedEvent) => void;
  'conversation:members-left': (event: MembersLeftEvent) => void;
  'conversation:invited': (event: InvitedEvent) => void;
  'conversation:kicked': (event: KickedEvent) => void;
  'conversation:member-info-updated': (event: MemberInfoUpdatedEvent) => void;
  'conversation:restrictions-updated': (event: RestrictionsUpdatedEvent) => void;
  'conversation:mute-updated': (event: MuteUpdatedEvent) => void;
  'conversation:deleted': (event: ConversationDeletedEvent) => void;
}
