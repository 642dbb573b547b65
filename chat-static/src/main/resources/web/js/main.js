// Entry point: decides how to let the user in, then wires the store, the chat session and the views.
import { authMode, forgetName, login, logout, register, rememberedName, rememberName, sessionRejected } from './auth.js';
import { ChatClient } from './chat.js';
import { Store } from './store.js';
import { ComposerView } from './views/composer-view.js';
import { JoinView } from './views/join-view.js';
import { MembersView } from './views/members-view.js';
import { MessagesView } from './views/messages-view.js';
import { SidebarView } from './views/sidebar-view.js';
import { StatusView } from './views/status-view.js';
import { TypingView } from './views/typing-view.js';

const store = new Store();
const chat = document.getElementById('chat');
const signOut = document.getElementById('signout');
const connBadge = document.getElementById('conn');
let client = null;
let mode = 'none';

const join = new JoinView({
  onName(name) {
    rememberName(name);
    startChat(name);
  },
  async onLogin(name, password, isRegister) {
    const account = await (isRegister ? register : login)(name, password);
    rememberName(account);
    startChat(undefined); // the session cookie names us
  },
});

new StatusView(store, { onReconnect: () => client?.reconnectNow() });
new SidebarView(store, {
  onOpen: (key) => { store.setActive(key); closeDrawers(); },
  onJoin: (name) => { client?.joinRoom(name); closeDrawers(); },
  onLeave: (conv) => client?.leaveRoom(conv),
});
new MessagesView(store, {
  onRetry: (id) => client?.retry(id),
  onNeedOlder: (conv) => client?.loadOlder(conv),
});
new MembersView(store, { onDirect: (name) => { client?.openDirect(name); closeDrawers(); } });
new TypingView(store);
new ComposerView(store, {
  onSend: (text) => client?.sendText(store.active, text),
  onTyping: () => client?.typing(store.active),
});

function startChat(name) {
  join.hide();
  chat.hidden = false;
  signOut.hidden = false;
  connBadge.hidden = false;
  signOut.textContent = mode === 'accounts' ? 'Log out' : 'Change name';
  const session = new ChatClient(store, {
    name,
    onFatal: (reason) => showJoin(reason),
    onDown: async (info) => {
      // A refused upgrade looks like any network failure to a page; ask the server whether it was our session.
      // The answer may come late: only act if this session is still the current one.
      if (mode === 'accounts' && !info.opened && await sessionRejected() && client === session) showJoin('Please log in.');
    },
  });
  client = session;
  client.start();
}

function showJoin(error = '') {
  client?.stop();
  client = null;
  store.reset();
  chat.hidden = true;
  signOut.hidden = true;
  connBadge.hidden = true;
  join.show(mode, { name: rememberedName(), error });
}

signOut.addEventListener('click', async () => {
  if (mode === 'accounts') {
    client?.stop();
    await logout();
    forgetName();
  }
  showJoin();
});

// ---- small-screen drawers, unread count in the title ---------------------------------------

const toggles = [['toggle-sidebar', 'show-sidebar'], ['toggle-members', 'show-members']];
for (const [id, cls] of toggles) {
  const button = document.getElementById(id);
  button.addEventListener('click', () => {
    const open = !chat.classList.contains(cls);
    closeDrawers();
    chat.classList.toggle(cls, open);
    button.setAttribute('aria-expanded', String(open));
  });
}

function closeDrawers() {
  for (const [id, cls] of toggles) {
    chat.classList.remove(cls);
    document.getElementById(id).setAttribute('aria-expanded', 'false');
  }
}

document.addEventListener('keydown', (e) => { if (e.key === 'Escape') closeDrawers(); });
chat.addEventListener('click', (e) => { if (e.target === chat) closeDrawers(); }); // the dimmed backdrop

// Leaving the page closes the socket at once (others see us leave), even if the browser keeps the
// page in its back/forward cache; coming back from that cache resumes with `since` like any reconnect.
addEventListener('pagehide', () => client?.stop());
addEventListener('pageshow', (e) => { if (e.persisted) client?.start(); });

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && store.active) store.setActive(store.activeKey);
});

store.events.on('conversations', () => {
  let unread = 0;
  for (const conv of store.conversations.values()) unread += conv.unread;
  document.title = unread ? `(${unread}) Chat` : 'Chat';
});

// ---- start ---------------------------------------------------------------------------------

mode = await authMode();
const remembered = rememberedName();
if (remembered && mode !== 'jwt') startChat(mode === 'none' ? remembered : undefined);
else join.show(mode, { name: remembered });
