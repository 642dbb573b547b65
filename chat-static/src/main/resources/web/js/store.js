// The client's state: conversations (rooms and direct messages), their messages, members,
// typing and unread counts. Only data and the rules that keep it consistent live here;
// the network is in chat.js and the DOM in views/. Every change is announced on `events`.
import { Emitter } from './emitter.js';

export const roomKey = (name) => 'room:' + name;
export const dmKey = (peer) => 'dm:' + peer.toLowerCase(); // names are unique ignoring case

const TYPING_MS = 3000;

/** One conversation: a room, or a direct-message thread with one person. */
export class Conversation {
  constructor(kind, name) {
    this.kind = kind;            // 'room' | 'dm'
    this.name = name;            // room name, or the other person's name
    this.key = kind === 'room' ? roomKey(name) : dmKey(name);
    this.messages = [];          // confirmed messages; rooms sorted by seq, DMs by arrival
    this.seqs = new Set();       // seqs held: room + seq is the de-duplication key
    this.pending = [];           // own messages without ack: {id, text, ts, status, error}
    this.unread = 0;
    this.lastSeq = 0;            // highest seq seen (message, ack, joined) → `since` on resume
    this.hasMore = true;         // older history may exist on the server
    this.loadingHistory = false;
    this.members = new Set();
    this.memberCount = 0;
    this.typing = new Map();     // name → time (ms) the indicator expires
    this.wanted = false;         // the user is in this room; re-joined after a reconnect
    this.joined = false;         // membership confirmed on the current connection
  }

  oldestSeq() {
    return this.messages.length ? this.messages[0].seq : this.lastSeq + 1;
  }
}

export class Store {
  constructor() {
    this.events = new Emitter();
    this.me = '';
    this.conversations = new Map();  // key → Conversation
    this.roomDirectory = new Map();  // room name → member count, from the `rooms` reply
    this.activeKey = '';
    this.connection = { state: 'offline', retryAt: 0, reason: '' };
    this.dmCounter = 0;
  }

  /** Forgets everything (signing out, or a different name). */
  reset() {
    this.me = '';
    this.conversations.clear();
    this.roomDirectory.clear();
    this.activeKey = '';
    this.events.emit('me', '');
    this.events.emit('active', undefined);
    this.events.emit('conversations');
  }

  get active() {
    return this.conversations.get(this.activeKey);
  }

  setMe(name) {
    this.me = name;
    this.events.emit('me', name);
  }

  setConnection(state, extra = {}) {
    this.connection = { state, retryAt: 0, reason: '', ...extra };
    this.events.emit('connection', this.connection);
  }

  room(name) {
    const key = roomKey(name);
    if (!this.conversations.has(key)) this.conversations.set(key, new Conversation('room', name));
    return this.conversations.get(key);
  }

  dm(peer) {
    const key = dmKey(peer);
    if (!this.conversations.has(key)) this.conversations.set(key, new Conversation('dm', peer));
    return this.conversations.get(key);
  }

  rooms() {
    return [...this.conversations.values()].filter((c) => c.kind === 'room' && c.wanted)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  dms() {
    return [...this.conversations.values()].filter((c) => c.kind === 'dm');
  }

  setActive(key) {
    this.activeKey = key;
    const conv = this.active;
    if (conv) conv.unread = 0;
    this.events.emit('active', conv);
    this.events.emit('conversations');
  }

  isReading(conv) {
    return conv.key === this.activeKey && document.visibilityState === 'visible';
  }

  /**
   * Adds room messages, skipping seqs already held, so a replay after a reconnect or a second
   * `joined` never shows a message twice. Returns how many were new.
   */
  addRoomMessages(roomName, messages, { live = false, older = false } = {}) {
    const conv = this.room(roomName);
    let added = 0;
    for (const m of messages) {
      if (typeof m.seq !== 'number' || conv.seqs.has(m.seq)) continue;
      conv.seqs.add(m.seq);
      insertBySeq(conv.messages, { key: `${conv.key}#${m.seq}`, seq: m.seq, ts: m.ts, from: m.from, text: m.text });
      conv.lastSeq = Math.max(conv.lastSeq, m.seq);
      conv.typing.delete(m.from);
      if (live && m.from !== this.me && !this.isReading(conv)) conv.unread++;
      added++;
    }
    if (added) this.events.emit('messages', { conv, older, live });
    if (added && live) this.events.emit('conversations');
    return added;
  }

  /** A room's `seq` went backwards: the server lost history (e.g. a restart without a store). Start over. */
  resetRoom(roomName) {
    const conv = this.room(roomName);
    conv.messages = [];
    conv.seqs.clear();
    conv.lastSeq = 0;
    conv.hasMore = true;
    this.events.emit('messages', { conv, reset: true });
  }

  addDirect(peer, message, { live = true } = {}) {
    const conv = this.dm(peer);
    conv.messages.push({ key: `${conv.key}#${++this.dmCounter}`, ts: message.ts, from: message.from, text: message.text });
    if (live && message.from !== this.me && !this.isReading(conv)) conv.unread++;
    this.events.emit('messages', { conv, live });
    this.events.emit('conversations');
  }

  addPending(conv, id, text) {
    conv.pending.push({ key: 'pending:' + id, id, text, ts: Date.now(), from: this.me, status: 'pending' });
    this.events.emit('messages', { conv, own: true });
  }

  findPending(id) {
    for (const conv of this.conversations.values()) {
      const p = conv.pending.find((x) => x.id === id);
      if (p) return { conv, pending: p };
    }
    return null;
  }

  /** The server stored our message: it moves from pending to its place in the room's order. */
  acknowledge(id, ack) {
    const found = this.findPending(id);
    if (!found) return;
    const { conv, pending } = found;
    conv.pending = conv.pending.filter((p) => p !== pending);
    if (conv.kind === 'room') {
      // A resent message may already be here, replayed by `joined`: then the ack only settles it.
      if (!conv.seqs.has(ack.seq)) {
        conv.seqs.add(ack.seq);
        insertBySeq(conv.messages, { key: `${conv.key}#${ack.seq}`, seq: ack.seq, ts: ack.ts, from: this.me, text: pending.text });
      }
      conv.lastSeq = Math.max(conv.lastSeq, ack.seq);
    } else {
      conv.messages.push({ key: `${conv.key}#${++this.dmCounter}`, ts: ack.ts, from: this.me, text: pending.text });
    }
    this.events.emit('messages', { conv, own: true });
  }

  setPendingStatus(id, status, error = '') {
    const found = this.findPending(id);
    if (!found) return;
    found.pending.status = status;
    found.pending.error = error;
    this.events.emit('messages', { conv: found.conv });
  }

  setMembers(roomName, members, count) {
    const conv = this.room(roomName);
    conv.members = new Set(members);
    conv.memberCount = Math.max(count ?? members.length, members.length);
    this.events.emit('members', conv);
    this.events.emit('conversations');
  }

  applyPresence(roomName, joined, left) {
    const conv = this.room(roomName);
    const before = conv.members.size;
    for (const n of joined) conv.members.add(n);
    for (const n of left) {
      conv.members.delete(n);
      conv.typing.delete(n);
    }
    conv.memberCount = Math.max(0, conv.memberCount + conv.members.size - before);
    this.events.emit('members', conv);
    this.events.emit('typing', conv);
    this.events.emit('conversations');
  }

  setTyping(roomName, from) {
    const conv = this.room(roomName);
    conv.typing.set(from, Date.now() + TYPING_MS);
    this.events.emit('typing', conv);
  }

  /** Names still typing in `conv`, dropping the expired ones. */
  typingNames(conv) {
    const now = Date.now();
    for (const [name, until] of conv.typing) if (until <= now) conv.typing.delete(name);
    return [...conv.typing.keys()];
  }

  setRoomDirectory(list) {
    this.roomDirectory = new Map(list.map((r) => [r.name, r.members]));
    this.events.emit('conversations');
  }

  /** Member count to show for a room: our own live list when we are in it, else the directory's. */
  memberCount(conv) {
    return conv.joined ? Math.max(conv.memberCount, conv.members.size) : (this.roomDirectory.get(conv.name) ?? 0);
  }
}

function insertBySeq(list, message) {
  let i = list.length;
  while (i > 0 && list[i - 1].seq > message.seq) i--; // usually 0 steps: messages arrive in order
  list.splice(i, 0, message);
}
