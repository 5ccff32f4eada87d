import { ERRORS, type ErrorName, type ErrorPayload, isRetryable } from './errors.js';

/**
 * The one error type both sides throw. Callers branch on `name` or `code`, never on `message`.
 */
export class ChatError extends Error {
  readonly code: number;
  override readonly name: ErrorName;
  readonly detail?: ErrorPayload['detail'];

  constructor(name: ErrorName, message?: string, detail?: ErrorPayload['detail']) {
    super(message ?? ERRORS[name].message);
    this.name = name;
    this.code = ERRORS[name].code;
    if (detail) this.detail = detail;
  }

  get retryable(): boolean {
    return isRetryable(this);
  }

  toPayload(): ErrorPayload {
    const payload: ErrorPayload = { code: this.code, name: this.name, message: this.message };
    if (this.detail) payload.detail = this.detail;
    return payload;
  }

  static fromPayload(payload: ErrorPayload): ChatError {
    const name = payload.name in ERRORS ? payload.name : 'INTERNAL_ERROR';
    return new ChatError(name, payload.message, payload.detail);
  }
}
