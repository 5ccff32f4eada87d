import type { Catalog } from '../i18n/en.js';

/** What to tell the reader when sending, editing or recalling a message did not work. */
export function actionFailureText(error: unknown, t: Catalog): string {
  const name = (error as { name?: string } | undefined)?.name ?? 'UNKNOWN';
  switch (name) {
    case 'CLIENT_OFFLINE':
    case 'ACK_TIMEOUT':
      return t.changeOffline;
    case 'MESSAGE_WINDOW_PASSED':
      return t.tooLateToChange;
    case 'MESSAGE_EDIT_DISABLED':
      return t.editingDisabled;
    case 'MESSAGE_RECALL_DISABLED':
      return t.recallDisabled;
    case 'MESSAGE_NOT_QUEUED':
      return t.notQueued;
    case 'PAYLOAD_TOO_LARGE':
      return t.tooLong;
    default:
      return t.actionFailed(name);
  }
}
