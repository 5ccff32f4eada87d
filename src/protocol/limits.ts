/**
 * Documented defaults. A deployment may change the server-side ones through its configuration;
 * the schemas below only use the hard bounds that protect the server from abuse.
 */
export const DEFAULT_LIMITS = {
  /** Members of a normal conversation (SPEC §2). */
  maxMembers: 500,
  /** Characters of a text message. */
  maxTextLength: 5000,
  /** Characters of a conversation name. */
  maxNameLength: 100,
  /** Encoded size of custom attributes, in bytes. */
  maxAttributesBytes: 4096,
  /** Nesting depth of custom attributes. */
  maxAttributesDepth: 5,
  /** Default and maximum page of history (SPEC §5). */
  historyPageSize: 20,
  maxHistoryPageSize: 100,
  /** Default and maximum page of conversations (SPEC §3). */
  conversationPageSize: 10,
  maxConversationPageSize: 1000,
  /** Encoded (JSON) bytes of one message with its pushData. */
  maxMessageBytes: 16 * 1024,
  /** Ids in one mention list. */
  maxMentions: 100,
  /** Users one online-status query may ask about (the hosted service's `ping`). */
  maxOnlineQuery: 20,
  /** Users one profile query may ask about. */
  maxProfileQuery: 100,
  /** Default and maximum people one search answers. */
  peopleSearchSize: 10,
  maxPeopleSearchSize: 20,
  /** Bytes of one uploaded file. */
  maxUploadBytes: 20 * 1024 * 1024,
  /** Characters of an uploaded file's name. */
  maxFileNameLength: 200,
} as const;

/**
 * Bounds the schemas enforce whatever a deployment configures: a configured limit (text length,
 * message size) can be raised up to these, never past them.
 */
export const HARD_LIMITS = {
  maxTextLength: 100_000,
  maxMessageBytes: 256 * 1024,
} as const;

/** socket.io frame cap: anything larger is dropped by the transport before it is parsed. */
export const MAX_FRAME_BYTES = 2 * 1024 * 1024;

/** Built-in message types (SPEC §5); negative numbers are reserved for these. */
export const MessageType = {
  TEXT: -1,
  IMAGE: -2,
  AUDIO: -3,
  VIDEO: -4,
  LOCATION: -5,
  FILE: -6,
  RECALLED: -127,
} as const;

/** Custom message types an application registers use 1 to this number. */
export const MAX_CUSTOM_MESSAGE_TYPE = 2 ** 31 - 1;
