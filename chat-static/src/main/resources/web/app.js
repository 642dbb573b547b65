// Minimal chat client for protocol v1. No dependencies, no build step.
// User data is only ever rendered with textContent, never innerHTML.
(() => {
  'use strict';

  const NAME_KEY = 'chat.name';
  const NAME_PATTERN = /^[\p{L}\p{N} _.\-]{1,32}$/u;
  const MAX_BACKOFF_MS = 30000;

  const $ = (id) => document.getElementById(id);
  const ui = {
    join: $('join'), name: $('name'), joinError: $('join-error'),
    chat: $('chat'), whoami: $('whoami'), status: $('status'), rename: $('rename'),
    room: $('room'), members: $('members'), log: $('log'),
    composer: $('composer'), text: $('text'), send: $('send'),
  };

  const state = {
    name: '',          // the name we ask for
    me: '',            // the name the server gave us (may carry a suffix, e.g. Alice-2)
    room: '',          // default room, from welcome
    lastSeq: 0,        // highest seq seen in the room, sent as ?since= on reconnect
    seen: new Set(),   // seqs already shown, so a replay never duplicates a line
    members: new Set(),
    pending: new Map(), // message id -> <li> awaiting its ack
    socket: null,
    retries: 0,
    retryTimer: 0,
  };

  const idPrefix = Math.random().toString(36).slice(2, 10);
  let idCounter = 0;

  // ---- connection ----------------------------------------------------------

  // Resolve "ws" against the page URL, so /chat/ behind a proxy connects to /chat/ws.
  function socketUrl() {
    const url = new URL('ws', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('name', state.name);
    if (state.room) url.searchParams.set('room', state.room);
    if (state.lastSeq > 0) url.searchParams.set('since', String(state.lastSeq));
    return url.href;
  }

  function connect() {
    clearTimeout(state.retryTimer);
    setStatus('connecting', 'connecting…');
    const ws = new WebSocket(socketUrl());
    state.socket = ws;
    ws.onmessage = (event) => {
      let msg;
      try { msg = JSON.parse(event.data); } catch { return; }
      if (msg && typeof msg.type === 'string') handle(msg);
    };
    ws.onclose = (event) => {
      if (ws === state.socket) onClosed(event);
    };
  }

  function disconnect() {
    clearTimeout(state.retryTimer);
    const ws = state.socket;
    state.socket = null;
    if (ws) ws.close(1000, 'bye');
    failPending('not sent: disconnected');
    setComposerEnabled(false);
    setStatus('offline', 'offline');
  }

  function onClosed(event) {
    state.socket = null;
    setComposerEnabled(false);
    failPending('not confirmed: connection lost');
    if (event.code === 1008) {
      // Policy close (bad name, origin, auth): retrying would fail the same way.
      setStatus('offline', 'offline');
      showJoin(event.reason || 'The server refused the connection.');
      return;
    }
    const hint = /retry after (\d+)/.exec(event.reason || '');
    const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** state.retries);
    const delay = hint ? Number(hint[1]) : backoff / 2 + Math.random() * backoff / 2;
    state.retries++;
    setStatus('reconnecting', `reconnecting in ${Math.ceil(delay / 1000)} s`);
    state.retryTimer = setTimeout(connect, delay);
  }

  window.addEventListener('online', () => {
    if (!state.socket && state.name && ui.join.hidden) connect();
  });

  // ---- protocol ------------------------------------------------------------

  function handle(msg) {
    switch (msg.type) {
      case 'welcome':
        state.me = String(msg.name);
        state.room = String(msg.room || 'lobby');
        state.retries = 0;
        ui.whoami.textContent = `You are ${state.me}`;
        ui.room.textContent = state.room;
        setStatus('online', 'online');
        setComposerEnabled(true);
        break;
      case 'joined':
        if (msg.room !== state.room) break;
        state.members = new Set(msg.members || []);
        renderMembers();
        (msg.messages || []).forEach(addMessage);
        if (msg.recovered === false) addSystem('Some earlier messages could not be recovered.');
        if (typeof msg.seq === 'number') state.lastSeq = Math.max(state.lastSeq, msg.seq);
        break;
      case 'message':
        addMessage(msg);
        break;
      case 'ack':
        onAck(msg);
        break;
      case 'presence':
        if (msg.room !== state.room) break;
        (msg.joined || []).forEach((name) => {
          state.members.add(name);
          if (name !== state.me) addSystem(`${name} joined`);
        });
        (msg.left || []).forEach((name) => {
          state.members.delete(name);
          if (name !== state.me) addSystem(`${name} left`);
        });
        renderMembers();
        break;
      case 'error':
        if (msg.id && state.pending.has(msg.id)) {
          markFailed(state.pending.get(msg.id), msg.message || msg.code);
          state.pending.delete(msg.id);
        } else {
          addSystem(`Error: ${msg.message || msg.code}`);
        }
        break;
      default:
        break; // pong, typing and anything newer: nothing to show yet
    }
  }

  function sendMessage(text) {
    const id = `c${idPrefix}-${++idCounter}`;
    state.socket.send(JSON.stringify({ type: 'message', text, id }));
    const li = line({ from: state.me, text, ts: Date.now() }, 'mine pending');
    state.pending.set(id, li);
  }

  function onAck(ack) {
    const li = state.pending.get(ack.id);
    if (!li) return;
    state.pending.delete(ack.id);
    li.classList.remove('pending');
    if (typeof ack.seq === 'number') {
      state.seen.add(ack.seq);
      state.lastSeq = Math.max(state.lastSeq, ack.seq);
    }
    if (typeof ack.ts === 'number') setTime(li.querySelector('time'), ack.ts);
  }

  function failPending(note) {
    state.pending.forEach((li) => markFailed(li, note));
    state.pending.clear();
  }

  function markFailed(li, note) {
    li.classList.remove('pending');
    li.classList.add('failed');
    li.dataset.note = String(note);
  }

  // ---- rendering -----------------------------------------------------------

  function addMessage(m) {
    if (m.room && state.room && m.room !== state.room) return;
    if (typeof m.seq === 'number') {
      if (state.seen.has(m.seq)) return;
      state.seen.add(m.seq);
      state.lastSeq = Math.max(state.lastSeq, m.seq);
    }
    line(m, m.from === state.me ? 'mine' : '');
  }

  function line(m, className) {
    const li = document.createElement('li');
    if (className) li.className = className;
    const time = document.createElement('time');
    setTime(time, m.ts);
    const from = document.createElement('span');
    from.className = 'from';
    from.textContent = String(m.from ?? '?');
    const text = document.createElement('span');
    text.textContent = String(m.text ?? '');
    li.append(time, from, text);
    append(li);
    return li;
  }

  function addSystem(text) {
    const li = document.createElement('li');
    li.className = 'system';
    li.textContent = text;
    append(li);
  }

  function append(li) {
    const log = ui.log;
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    log.append(li);
    if (atBottom) log.scrollTop = log.scrollHeight;
  }

  function setTime(el, ts) {
    const date = new Date(typeof ts === 'number' ? ts : Date.now());
    el.dateTime = date.toISOString();
    el.textContent = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function renderMembers() {
    const items = [...state.members].sort((a, b) => a.localeCompare(b)).map((name) => {
      const li = document.createElement('li');
      li.textContent = name === state.me ? `${name} (you)` : name;
      return li;
    });
    ui.members.replaceChildren(...items);
  }

  function setStatus(kind, text) {
    ui.status.dataset.state = kind;
    ui.status.textContent = text;
  }

  function setComposerEnabled(enabled) {
    ui.text.disabled = !enabled;
    ui.send.disabled = !enabled;
    if (enabled) ui.text.focus();
  }

  function showJoin(error) {
    ui.chat.hidden = true;
    ui.rename.hidden = true;
    ui.join.hidden = false;
    ui.joinError.textContent = error || '';
    ui.name.value = state.name;
    ui.name.focus();
  }

  function showChat() {
    ui.join.hidden = true;
    ui.chat.hidden = false;
    ui.rename.hidden = false;
  }

  // ---- wiring --------------------------------------------------------------

  function start(name) {
    state.name = name;
    state.me = '';
    state.room = '';
    state.lastSeq = 0;
    state.seen.clear();
    state.members.clear();
    state.retries = 0;
    ui.log.replaceChildren();
    ui.members.replaceChildren();
    ui.whoami.textContent = '';
    showChat();
    connect();
  }

  ui.join.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = ui.name.value.trim();
    if (!NAME_PATTERN.test(name)) {
      ui.joinError.textContent = 'Use 1–32 letters, digits, spaces, _ - or .';
      return;
    }
    try { localStorage.setItem(NAME_KEY, name); } catch { /* storage may be disabled */ }
    start(name);
  });

  ui.composer.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = ui.text.value.trim();
    if (!text || !state.socket || state.socket.readyState !== WebSocket.OPEN) return;
    sendMessage(text);
    ui.text.value = '';
  });

  ui.rename.addEventListener('click', () => {
    disconnect();
    showJoin('');
  });

  let saved = '';
  try { saved = localStorage.getItem(NAME_KEY) || ''; } catch { /* storage may be disabled */ }
  if (NAME_PATTERN.test(saved)) {
    start(saved);
  } else {
    showJoin('');
  }
})();
