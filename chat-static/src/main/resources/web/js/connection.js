// One WebSocket to the chat server that keeps itself alive: reconnects with exponential backoff
// and jitter, honours the server's "retry after <ms>" hint, and notices a silently dead link
// with app-level pings. It knows nothing about chat: frames go in and out as plain objects.

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30000;
const PING_EVERY_MS = 20000;   // the server only pings silent clients, so a busy tab pings itself
const DEAD_AFTER_MS = 45000;   // no frame at all for this long: the link is gone even if the OS has not said so

/** The WebSocket URL next to the page: /chat/index.html → ws(s)://host/chat/ws (proxy sub-path aware). */
export function socketUrl(location, params = {}) {
  const dir = location.pathname.replace(/[^/]*$/, '');
  const url = new URL(dir + 'ws', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  }
  return url.href;
}

/** Delay before attempt `n` (0-based): doubling from 0.5 s to 30 s, randomised in its upper half. */
export function backoffDelay(attempt, random = Math.random) {
  const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
  return Math.round(cap / 2 + random() * cap / 2);
}

/** The server's reconnect hint in a close reason ("slow consumer; retry after 2345"), or 0. */
export function retryHint(reason) {
  const m = /retry after (\d+)/.exec(reason || '');
  return m ? Number(m[1]) : 0;
}

export class Connection {
  /**
   * @param {() => string} url     called before every attempt, so the query carries the latest `since`
   * @param {object} handlers      onOpen(), onFrame(obj), onDown({code, reason, retryIn, opened}),
   *                               onFatal({code, reason}), onConnecting()
   */
  constructor(url, handlers) {
    this.url = url;
    this.handlers = handlers;
    this.ws = null;
    this.attempt = 0;
    this.timer = 0;
    this.pinger = 0;
    this.lastFrameAt = 0;
    this.stopped = true;
    addEventListener('online', () => this.wake());
  }

  get open() {
    return this.ws !== null && this.ws.readyState === WebSocket.OPEN;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.pinger);
    const ws = this.ws;
    this.ws = null;
    if (ws) ws.close(1000, 'bye');
  }

  /** Retry now instead of waiting out the backoff (button, or the browser saying it is online). */
  wake() {
    if (!this.stopped && this.ws === null) {
      clearTimeout(this.timer);
      this.connect();
    }
  }

  send(frame) {
    if (!this.open) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  connect() {
    this.handlers.onConnecting?.();
    let ws;
    try {
      ws = new WebSocket(this.url());
    } catch (e) {
      this.scheduleRetry({ code: 0, reason: String(e), opened: false });
      return;
    }
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.lastFrameAt = Date.now();
      clearInterval(this.pinger);
      this.pinger = setInterval(() => this.heartbeat(), PING_EVERY_MS);
      this.handlers.onOpen?.();
    };
    ws.onmessage = (event) => {
      this.lastFrameAt = Date.now();
      let frame;
      try { frame = JSON.parse(event.data); } catch { return; }
      if (frame && typeof frame.type === 'string') {
        if (frame.type === 'welcome') this.attempt = 0; // a real session, not just a TCP accept
        this.handlers.onFrame(frame);
      }
    };
    ws.onclose = (event) => {
      if (ws !== this.ws) return; // an old socket we already gave up on
      this.ws = null;
      clearInterval(this.pinger);
      if (this.stopped) return;
      if (event.code === 1008) {
        // Policy (bad name, expired token, abuse): the same request would fail the same way.
        this.stopped = true;
        this.handlers.onFatal?.({ code: event.code, reason: event.reason });
        return;
      }
      this.scheduleRetry({ code: event.code, reason: event.reason, opened });
    };
  }

  scheduleRetry(info) {
    const hint = retryHint(info.reason);
    const delay = hint > 0 ? hint : backoffDelay(this.attempt);
    this.attempt++;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), delay);
    this.handlers.onDown?.({ ...info, retryIn: delay });
  }

  heartbeat() {
    if (!this.open) return;
    if (Date.now() - this.lastFrameAt > DEAD_AFTER_MS) {
      // Half-open link: a close handshake would wait on the dead peer, so forget the socket now.
      const ws = this.ws;
      this.ws = null;
      clearInterval(this.pinger);
      ws.close(4000, 'no answer to ping');
      this.scheduleRetry({ code: 4000, reason: 'no answer from the server', opened: true });
      return;
    }
    this.send({ type: 'ping' });
  }
}
