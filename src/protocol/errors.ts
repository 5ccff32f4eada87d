/**
 * Every error Parley reports, by number. Codes below 4700 follow the hosted IM service the
 * semantics come from (see SPEC.md §7); 4700–4799 are Parley's own server codes and 4900–4999
 * are raised by the client itself (never sent by a server).
 *
 * `retryable` tells the client's outbox whether sending the same command again may succeed.
 */
export const ERRORS = {
  SIGNATURE_FAILED: { code: 4102, retryable: false, message: 'The token signature is not valid' },
  INVALID_LOGIN: { code: 4103, retryable: false, message: 'The token is malformed' },
  SESSION_REQUIRED: { code: 4105, retryable: false, message: 'A token is required' },
  SESSION_TOKEN_EXPIRED: { code: 4112, retryable: false, message: 'The token has expired' },
  MESSAGE_SENT_QUOTA_EXCEEDED: { code: 4116, retryable: true, message: 'Sending too fast' },
  INTERNAL_ERROR: { code: 4200, retryable: true, message: 'Internal server error' },
  CONVERSATION_NOT_FOUND: { code: 4303, retryable: false, message: 'Conversation not found' },
  CONVERSATION_FULL: { code: 4304, retryable: false, message: 'Too many members' },
  CONVERSATION_READ_ONLY: { code: 4307, retryable: false, message: 'This conversation cannot be changed or sent to this way' },
  CONVERSATION_NOT_ALLOWED: { code: 4308, retryable: false, message: 'Not allowed for this conversation' },
  CONVERSATION_UPDATE_REJECTED: { code: 4309, retryable: false, message: 'Not a member of this conversation' },
  CONVERSATION_LOG_REJECTED: { code: 4312, retryable: false, message: 'History is for members only' },
  SYSTEM_CONVERSATION_REQUIRED: { code: 4313, retryable: false, message: 'Only for service conversations' },
  NORMAL_CONVERSATION_REQUIRED: { code: 4314, retryable: false, message: 'Only for normal conversations' },
  TRANSIENT_CONVERSATION_REQUIRED: { code: 4316, retryable: false, message: 'Only for chat rooms' },
  CONVERSATION_MEMBERSHIP_REQUIRED: { code: 4317, retryable: false, message: 'Members only' },
  CONVERSATION_OPERATION_UNAUTHORIZED: { code: 4320, retryable: false, message: 'Your role does not allow this' },
  TEMPORARY_CONVERSATION_EXPIRED: { code: 4323, retryable: false, message: 'The temporary conversation has expired' },
  CONVERSATION_NEED_OWNER: { code: 4324, retryable: false, message: 'The conversation would be left without its owner' },
  INVALID_MESSAGING_TARGET: { code: 4401, retryable: false, message: 'No such conversation, or not a member' },
  MESSAGE_OWNERSHIP_REQUIRED: { code: 4403, retryable: false, message: 'Only the sender may do this' },
  MESSAGE_NOT_FOUND: { code: 4404, retryable: false, message: 'Message not found' },
  MESSAGE_EDIT_DISABLED: { code: 4406, retryable: false, message: 'Editing messages is disabled' },
  MESSAGE_RECALL_DISABLED: { code: 4407, retryable: false, message: 'Recalling messages is disabled' },
  SILENCED: { code: 4563, retryable: false, message: 'You are muted in this conversation' },
  BLOCKED_BY_CONV: { code: 4548, retryable: false, message: 'Blocked from this conversation' },
  OWNER_PROMOTION_NOT_ALLOWED: { code: 5130, retryable: false, message: 'Nobody can be promoted to owner' },
  INVALID_PAYLOAD: { code: 4700, retryable: false, message: 'The request is not valid' },
  UNKNOWN_COMMAND: { code: 4701, retryable: false, message: 'Unknown command' },
  PAYLOAD_TOO_LARGE: { code: 4702, retryable: false, message: 'The request is too large' },
  RATE_LIMITED: { code: 4703, retryable: true, message: 'Too many requests' },
  INVALID_ATTRIBUTE: { code: 4704, retryable: false, message: 'The attribute cannot be set' },
  CHAT_ROOM_REJOIN_EXPIRED: { code: 4705, retryable: false, message: 'Too long away from the chat room: join it again' },
  ADMIN_KEY_REQUIRED: { code: 4706, retryable: false, message: 'A valid master key is required' },
  SERVER_SHUTTING_DOWN: { code: 4707, retryable: true, message: 'The server is shutting down: send again once reconnected' },
  TOO_MANY_CONNECTIONS: { code: 4708, retryable: true, message: 'Too many connections open for this user' },
  FILE_TOO_LARGE: { code: 4740, retryable: false, message: 'The file is larger than allowed' },
  FILE_TYPE_REFUSED: { code: 4741, retryable: false, message: 'This type of file is not accepted' },
  FILE_NOT_FOUND: { code: 4742, retryable: false, message: 'No such uploaded file' },
  MESSAGE_WINDOW_PASSED: { code: 4743, retryable: false, message: 'Too late to change this message' },
  MESSAGE_RECALLED: { code: 4744, retryable: false, message: 'The message was recalled' },
  SUPPORT_AGENT_REQUIRED: { code: 4770, retryable: false, message: 'Only agents may do this' },
  SUPPORT_OFFLINE: { code: 4771, retryable: false, message: 'No agent is available now: leave a message' },
  SUPPORT_CONVERSATION_CLOSED: { code: 4772, retryable: false, message: 'This conversation is closed: reopen it first' },
  SUPPORT_NOT_CLOSED: { code: 4773, retryable: false, message: 'Only a closed conversation can be rated' },
  SUPPORT_ALREADY_TAKEN: { code: 4774, retryable: false, message: 'Another agent has this conversation' },
  SUPPORT_AGENT_UNAVAILABLE: { code: 4775, retryable: false, message: 'That agent is not available' },
  SUPPORT_RESUME_REFUSED: { code: 4776, retryable: false, message: 'Unknown visitor or wrong secret' },
  CLIENT_OFFLINE: { code: 4900, retryable: true, message: 'Not connected' },
  ACK_TIMEOUT: { code: 4901, retryable: true, message: 'The server did not answer in time' },
  CLIENT_CLOSED: { code: 4902, retryable: false, message: 'The client was closed' },
  MESSAGE_NOT_QUEUED: { code: 4903, retryable: false, message: 'The message could not be kept for sending: this browser’s storage failed' },
} as const satisfies Record<string, { code: number; retryable: boolean; message: string }>;

export type ErrorName = keyof typeof ERRORS;

/** What crosses the wire when a command fails. */
export interface ErrorPayload {
  code: number;
  name: ErrorName;
  message: string;
  /** The field a validation error is about, as a dotted path (`members.3`), or other context. */
  detail?: { field?: string; [key: string]: unknown };
}

const NAMES_BY_CODE = new Map<number, ErrorName>(
  (Object.keys(ERRORS) as ErrorName[]).map((name) => [ERRORS[name].code, name]),
);

export function errorNameOf(code: number): ErrorName | undefined {
  return NAMES_BY_CODE.get(code);
}

export function isRetryable(error: { code: number }): boolean {
  const name = errorNameOf(error.code);
  return name ? ERRORS[name].retryable : false;
}
