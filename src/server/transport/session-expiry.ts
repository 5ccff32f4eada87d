import type { Socket } from 'socket.io';

/** The longest delay a timer takes; an expiry further away is looked at again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Ends a connection when the token it was opened with expires. Holding a connection takes a
 * valid token, so someone the site stops giving tokens to (signed out, blocked) stops receiving
 * within a token's lifetime. The client reconnects at once with a fresh token from its provider.
 */
export function endAtExpiry(socket: Socket, expiresAt: number): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = () => {
    const left = expiresAt - Date.now();
    if (left <= 0) {
      socket.disconnect(true);
      return;
    }
    timer = setTimeout(check, Math.min(left, MAX_TIMER_MS));
  };
  check();
  socket.once('disconnect', () => clearTimeout(timer));
}
