import { createContext } from '@lit/context';
import type { ChatClient } from '../client/chat-client.js';

/**
 * The shared ChatClient. The key is a global symbol so two copies of the bundle on one page
 * still find each other's provider.
 */
export const chatClientContext = createContext<ChatClient | undefined>(Symbol.for('parley.chat-client'));
