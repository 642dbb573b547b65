// The chat session: turns server frames into store updates and user actions into frames.
// Owns the reconnect rules: resume every room with `since`, de-duplicate by room + seq (in the
// store), and re-send unacknowledged messages with their original `id` (the server drops repeats).
import { Connection, socketUrl } from './connection.js';
import { describeClose, describeError } from './errors.js';

const HISTORY_PAGE = 50;
const GAP_PAGE = 200;
const ROOMS_REFRESH_MS = 10000;
const ACK_TIMEOUT_MS = 15000;   // no ack by then (dropped by rate limiting, say): offer a retry
export const ROOM_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

export class ChatClient {
  /**
   * @param {Store} store
   * @param {{name?: string, onFatal: (reason: string) => void, onDown?: (info) => void}} options
   *        name: the name to ask for (auth none); onFatal: the server refused us for good (close 1008)
   */
  constructor(store, options) {
    this.store = store;
    this.options = options;
    this.defaultRoom = 'lobby';
    this.requests = new Map();      // request id → {kind, room}
    this.typingState = new Map();   // room → {sentAt, timer} of our `typing` signals
    this.idPrefix = Math.random().toString(36).slice(2, 10);
    this.idCounter = 0;
    this.roomsTimer = 0;
    this.store.room(this.defaultRoom).wanted = true;
    this.connection = new Connection(() => this.url(), {
      onConnecting: () => this.store.setConnection(this.store.connection.state === 'offline' ? 'connecting' : 'reconnecting',
        { reason: this.store.connection.reason }),
      onFrame: (frame) => this.onFrame(frame),
      onDown: (info) => this.onDown(info),
      onFatal: (info) => this.onFatal(info),
    });
    this.ackTimer = 0;
  }

  start() {
    clearInterval(this.ackTimer);
    this.ackTimer = setInterval(() => this.expireUnacked(), 2000);
    this.connection.start();
  }

  stop() {
    clearInterval(this.roomsTimer);
    clearInterval(this.ackTimer);
    this.connection.stop();
    this.store.setConnection('offline');
  }

  /** Retry a connection that is waiting out its backoff. */
  reconnectNow() {
    this.connection.wake();
  }

  nextId() {
    return `c-${this.idPrefix}-${++this.idCounter}`;
  }

  url() {
    const wanted = this.store.rooms();
    if (!wanted.some((c) => c.name === this.defaultRoom) && wanted.length) this.defaultRoom = wanted[0].name;
    const conv = this.store.room(this.defaultRoom);
    conv.resumeFrom = conv.synced ? conv.lastSeq : undefined;
    return socketUrl(location, { name: this.options.name, room: this.defaultRoom, since: conv.resumeFrom });
  }

  send(frame) {
    return this.connection.send(frame);
  }

  // ---- server → client -------------------------------------------------------------------

  onFrame(f) {
    switch (f.type) {
      case 'welcome': return this.onWelcome(f);
      case 'joined': return this.onJoined(f);
      case 'message': return void this.store.addRoomMessages(f.room, [f], { live: true });
      case 'ack': return this.store.acknowledge(f.id, f);
      case 'direct': return this.onDirect(f);
      case 'presence': return this.store.applyPresence(f.room, f.joined || [], f.left || []);
      case 'typing': return f.from !== this.store.me && this.store.setTyping(f.room, f.from);
      case 'history': return this.onHistory(f);
      case 'rooms': return this.store.setRoomDirectory(f.rooms || []);
      case 'error': return this.onError(f);
      default: return undefined; // pong, authed, invited: nothing to show
    }
  }

  onWelcome(f) {
    this.store.setMe(f.name);
    this.defaultRoom = f.room;
    this.store.setConnection('online');
    for (const conv of this.store.conversations.values()) conv.joined = false;
    // The default room's `joined` follows by itself; every other room is resumed from its last seq.
    for (const conv of this.store.rooms()) {
      if (conv.name !== f.room) this.join(conv);
    }
    for (const conv of this.store.dms()) this.flushPending(conv);
    this.send({ type: 'rooms' });
    clearInterval(this.roomsTimer);
    this.roomsTimer = setInterval(() => this.send({ type: 'rooms' }), ROOMS_REFRESH_MS);
  }

  join(conv) {
    conv.resumeFrom = conv.synced ? conv.lastSeq : undefined;
    const id = this.nextId();
    this.requests.set(id, { kind: 'join', room: conv.name });
    this.send({ type: 'join', room: conv.name, since: conv.resumeFrom, id });
  }

  onJoined(f) {
    const conv = this.store.room(f.room);
    for (const [id, r] of this.requests) if (r.kind === 'join' && r.room === f.room) this.requests.delete(id);
    const since = conv.resumeFrom;
    conv.resumeFrom = undefined;
    conv.wanted = true;
    conv.joined = true;
    const messages = f.messages || [];
    if (since !== undefined && f.recovered === false && f.seq < since) {
      this.store.resetRoom(f.room); // seq went backwards: the server lost history; start over
    }
    // What a resume replays is new to the reader: it counts as unread, like live traffic.
    this.store.addRoomMessages(f.room, messages, { live: since !== undefined });
    if (!conv.synced) {
      conv.hasMore = (messages.length ? messages[0].seq : f.seq + 1) > 1;
    } else if (f.recovered === false && messages.length && since !== undefined && messages[0].seq > since + 1) {
      // The replay did not reach back to what we had: page back through the gap.
      conv.gapFloor = since;
      this.requestHistory(conv, messages[0].seq, GAP_PAGE);
    }
    conv.synced = true;
    conv.lastSeq = Math.max(conv.lastSeq, f.seq);
    this.store.setMembers(f.room, f.members || [], f.memberCount);
    if (!this.store.activeKey || this.pendingActivation === f.room) {
      this.pendingActivation = undefined;
      this.store.setActive(conv.key);
    }
    this.flushPending(conv);
    this.store.events.emit('conversations');
  }

  onDirect(f) {
    const me = this.store.me.toLowerCase();
    const peer = f.from.toLowerCase() === me ? f.to : f.from;
    this.store.addDirect(peer, f);
  }

  onHistory(f) {
    const conv = this.store.room(f.room);
    if (f.id) this.requests.delete(f.id);
    conv.loadingHistory = false;
    const messages = f.messages || [];
    this.store.addRoomMessages(f.room, messages, { older: true });
    if (conv.gapFloor !== undefined) {
      const lowest = messages.length ? messages[0].seq : 0;
      if (f.more && lowest > conv.gapFloor + 1) {
        this.requestHistory(conv, lowest, GAP_PAGE);
        return;
      }
      conv.gapFloor = undefined;
    } else {
      conv.hasMore = Boolean(f.more);
    }
    this.store.events.emit('history', conv);
  }

  onError(f) {
    const words = describeError(f);
    const request = f.id ? this.requests.get(f.id) : undefined;
    if (f.id) this.requests.delete(f.id);
    if (f.id && this.store.findPending(f.id)) {
      this.store.setPendingStatus(f.id, 'failed', words);
      return;
    }
    if (request?.kind === 'join') {
      const conv = this.store.room(request.room);
      conv.wanted = false;
      this.store.events.emit('conversations');
      this.notice(`Could not join ${request.room}: ${words}`);
      return;
    }
    if (request?.kind === 'history') {
      this.store.room(request.room).loadingHistory = false;
      this.store.events.emit('history', this.store.room(request.room));
    }
    this.notice(words);
  }

  onDown(info) {
    clearInterval(this.roomsTimer);
    this.requests.clear(); // their replies died with the connection
    for (const conv of this.store.conversations.values()) {
      conv.joined = false;
      conv.loadingHistory = false;
      if (conv.kind === 'dm') {
        // The server does not de-duplicate direct messages, so an in-flight one is not re-sent blindly.
        for (const p of conv.pending) {
          if (p.sentAt && p.status === 'pending') this.store.setPendingStatus(p.id, 'failed', 'Connection lost; it may not have arrived.');
        }
      }
    }
    this.store.setConnection('reconnecting', { retryAt: Date.now() + info.retryIn, reason: describeClose(info.code, info.reason) });
    this.options.onDown?.(info);
  }

  onFatal(info) {
    clearInterval(this.roomsTimer);
    this.store.setConnection('offline', { reason: describeClose(info.code, info.reason) });
    this.options.onFatal(describeClose(info.code, info.reason));
  }

  notice(text) {
    this.store.events.emit('notice', text);
  }

  // ---- user actions ----------------------------------------------------------------------

  sendText(conv, text) {
    if (!conv || !text.trim()) return;
    this.stoppedTyping(conv);
    const id = this.nextId();
    this.store.addPending(conv, id, text);
    this.transmit(conv, conv.pending.find((p) => p.id === id));
  }

  retry(id) {
    const found = this.store.findPending(id);
    if (!found) return;
    this.store.setPendingStatus(id, 'pending');
    this.transmit(found.conv, found.pending);
  }

  /** Sends a pending message now if its conversation is live; otherwise it waits for flushPending. */
  transmit(conv, p) {
    if (conv.kind === 'room' && !conv.joined) return;
    const frame = conv.kind === 'room'
      ? { type: 'message', room: conv.name, text: p.text, id: p.id }
      : { type: 'direct', to: conv.name, text: p.text, id: p.id };
    if (this.send(frame)) p.sentAt = Date.now();
  }

  /** After a (re)join: re-send what has no ack yet, same ids, in the order it was written. */
  flushPending(conv) {
    for (const p of conv.pending) if (p.status === 'pending') this.transmit(conv, p);
  }

  expireUnacked() {
    const now = Date.now();
    for (const conv of this.store.conversations.values()) {
      for (const p of conv.pending) {
        if (p.status === 'pending' && p.sentAt && now - p.sentAt > ACK_TIMEOUT_MS && this.connection.open) {
          this.store.setPendingStatus(p.id, 'failed', 'No answer from the server.');
        }
      }
    }
  }

  joinRoom(name) {
    if (!ROOM_PATTERN.test(name)) {
      this.notice('Room names are 1–64 letters, digits, _ - or .');
      return;
    }
    const conv = this.store.room(name);
    if (conv.joined) {
      this.store.setActive(conv.key);
      return;
    }
    conv.wanted = true;
    this.pendingActivation = name;
    this.store.events.emit('conversations');
    if (this.connection.open) this.join(conv);
  }

  leaveRoom(conv) {
    if (conv.joined) this.send({ type: 'leave', room: conv.name });
    conv.wanted = false;
    conv.joined = false;
    conv.synced = false;
    conv.messages = [];
    conv.seqs.clear();
    conv.lastSeq = 0;
    if (this.store.activeKey === conv.key) {
      const next = this.store.rooms()[0];
      this.store.setActive(next ? next.key : '');
    } else {
      this.store.events.emit('conversations');
    }
  }

  openDirect(peer) {
    this.store.setActive(this.store.dm(peer).key);
  }

  loadOlder(conv) {
    if (!conv || conv.kind !== 'room' || !conv.joined || !conv.hasMore || conv.loadingHistory) return;
    this.requestHistory(conv, conv.oldestSeq(), HISTORY_PAGE);
    this.store.events.emit('history', conv);
  }

  requestHistory(conv, before, limit) {
    const id = this.nextId();
    this.requests.set(id, { kind: 'history', room: conv.name });
    conv.loadingHistory = this.send({ type: 'history', room: conv.name, before: Math.max(1, before), limit, id });
  }

  /**
   * Called on every keystroke. Sends `typing` at most once a second (the server drops more anyway);
   * a keystroke inside the quiet second schedules one trailing signal, so typing right after
   * sending a message still shows up on the other side.
   */
  typing(conv) {
    if (!conv || conv.kind !== 'room' || !conv.joined) return;
    const state = this.typingState.get(conv.name) || { sentAt: 0, timer: 0 };
    this.typingState.set(conv.name, state);
    const wait = state.sentAt + 1000 - Date.now();
    if (wait <= 0) {
      clearTimeout(state.timer);
      state.timer = 0;
      state.sentAt = Date.now();
      this.send({ type: 'typing', room: conv.name });
    } else if (!state.timer) {
      state.timer = setTimeout(() => {
        state.timer = 0;
        if (conv.joined) this.typing(conv);
      }, wait + 50); // a little slack, so the server's one-per-second check never drops it
    }
  }

  /** A sent message ends the typing burst: no trailing signal after it. */
  stoppedTyping(conv) {
    const state = conv && this.typingState.get(conv.name);
    if (state) {
      clearTimeout(state.timer);
      state.timer = 0;
    }
  }
}
