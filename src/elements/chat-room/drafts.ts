/**
 * What the user has typed but not sent, per user and conversation, for as long as the page is
 * open: switching conversations or closing the support panel keeps it.
 */
const drafts = new Map<string, string>();

export function draftKey(user: string, cid: string): string {
  return `${user}\n${cid}`;
}

export function loadDraft(key: string): string {
  return drafts.get(key) ?? '';
}

export function saveDraft(key: string, text: string): void {
  if (text) drafts.set(key, text);
  else drafts.delete(key);
}
