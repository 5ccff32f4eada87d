// React: the elements are used like HTML tags. Import the bundle once to define them.
//
// - Strings and numbers go as attributes: <chat-room conversation={id} theme="dark" />.
// - Objects and functions (`client`, `tokenProvider`) must be set as properties. React 19 does
//   that by itself for custom elements; React 18 sets attributes only, so use a ref (as here,
//   which works in both).
// - Events: React 19 accepts `onchat-select={...}`; for React 18 add listeners in an effect
//   (as here). Events carry their data on the event: `conversationId`, `message`.
import { useEffect, useRef, useState } from 'react';
import 'parley'; // or <script type="module" src="https://chat.example.com/dist/parley.js">

export function ChatPanel({ server, tokenProvider, lang = 'en', theme = 'auto' }) {
  const provider = useRef(null);
  const list = useRef(null);
  const [conversation, setConversation] = useState('');

  useEffect(() => {
    provider.current.tokenProvider = tokenProvider;
  }, [tokenProvider]);

  useEffect(() => {
    const element = list.current;
    const onSelect = (event) => setConversation(event.conversationId);
    element.addEventListener('chat-select', onSelect);
    return () => element.removeEventListener('chat-select', onSelect);
  }, []);

  return (
    <chat-client ref={provider} server={server}>
      <div className="chat" lang={lang}>
        <chat-list ref={list} selected={conversation} theme={theme} page-size="30" />
        <chat-room conversation={conversation} theme={theme} />
      </div>
    </chat-client>
  );
}

// TypeScript: let JSX know the tags (the elements' own types come from the package).
//
// import type { ChatList, ChatRoom } from 'parley';
// declare module 'react' {
//   namespace JSX {
//     interface IntrinsicElements {
//       'chat-client': React.DetailedHTMLProps<React.HTMLAttributes<HTMLElement>, HTMLElement> & { server?: string; token?: string };
//       'chat-list': React.DetailedHTMLProps<React.HTMLAttributes<ChatList>, ChatList> & { for?: string; selected?: string; theme?: string; 'page-size'?: string };
//       'chat-room': React.DetailedHTMLProps<React.HTMLAttributes<ChatRoom>, ChatRoom> & { conversation?: string; theme?: string };
//     }
//   }
// }
