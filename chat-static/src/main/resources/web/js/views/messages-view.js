// The message list of the active conversation: day separators, sender grouping, pending and
// failed states, and scrolling that never yanks a reader who scrolled up (a pill appears instead).
// Rows are reconciled by key, so an update touches only the rows that changed.
import { appendRichText, dayKey, el, formatDay, formatFull, formatTime } from '../format.js';

const GROUP_GAP_MS = 5 * 60 * 1000;  // same sender within 5 minutes: one group, one header
const NEAR_BOTTOM_PX = 60;
const NEAR_TOP_PX = 120;

export class MessagesView {
  /** @param {{onRetry: (id) => void, onNeedOlder: (conv) => void}} actions */
  constructor(store, actions) {
    this.store = store;
    this.actions = actions;
    this.scroller = document.getElementById('log-scroller');
    this.list = document.getElementById('log');
    this.historyState = document.getElementById('history-state');
    this.pill = document.getElementById('new-pill');
    this.title = document.getElementById('conv-title');
    this.subtitle = document.getElementById('conv-sub');
    this.rows = new Map();   // key → {el, sig}
    this.convKey = '';

    store.events.on('active', () => this.render({ switched: true }));
    store.events.on('messages', (d) => { if (d.conv.key === store.activeKey) this.render(d); });
    store.events.on('history', (conv) => { if (conv.key === store.activeKey) this.renderHistoryState(conv); });
    store.events.on('me', () => this.render({ switched: true }));
    this.scroller.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.pill.addEventListener('click', () => this.scrollToBottom());
    this.list.addEventListener('click', (e) => {
      const button = e.target.closest('button[data-retry]');
      if (button) this.actions.onRetry(button.dataset.retry);
    });
  }

  nearBottom() {
    const s = this.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight < NEAR_BOTTOM_PX;
  }

  scrollToBottom() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.pill.hidden = true;
  }

  onScroll() {
    if (this.nearBottom()) this.pill.hidden = true;
    if (this.scroller.scrollTop < NEAR_TOP_PX) this.actions.onNeedOlder(this.store.active);
  }

  render(detail = {}) {
    const conv = this.store.active;
    this.renderHeader(conv);
    if (!conv) {
      this.list.replaceChildren();
      this.rows.clear();
      return;
    }
    const switched = detail.switched || conv.key !== this.convKey;
    if (switched) {
      this.list.replaceChildren();
      this.rows.clear();
      this.convKey = conv.key;
      this.pill.hidden = true;
    }
    const wasNearBottom = this.nearBottom();
    const heightBefore = this.scroller.scrollHeight;
    const topBefore = this.scroller.scrollTop;

    this.reconcile(this.buildRows(conv));
    this.renderHistoryState(conv);

    if (switched || detail.reset) {
      this.scrollToBottom();
    } else if (detail.older) {
      // Older messages went in above: keep what the reader was looking at in place.
      this.scroller.scrollTop = topBefore + (this.scroller.scrollHeight - heightBefore);
    } else if (wasNearBottom || detail.own) {
      this.scrollToBottom();
    } else if (detail.live) {
      this.pill.hidden = false;
    }
    // A short page does not scroll, so no scroll event would ever ask for more.
    if (this.scroller.scrollHeight <= this.scroller.clientHeight + NEAR_TOP_PX) this.actions.onNeedOlder(conv);
  }

  renderHeader(conv) {
    if (!conv) {
      this.title.textContent = 'No conversation';
      this.subtitle.textContent = '';
      return;
    }
    this.title.textContent = conv.kind === 'room' ? '#' + conv.name : conv.name;
    this.subtitle.textContent = conv.kind === 'room' ? '' : 'Direct message';
  }

  renderHistoryState(conv) {
    let text = '';
    if (conv.kind === 'dm') text = `Direct messages with ${conv.name} are not kept: only this session's are shown.`;
    else if (conv.loadingHistory) text = 'Loading older messages…';
    else if (!conv.hasMore && conv.synced) text = `This is the beginning of #${conv.name}.`;
    this.historyState.textContent = text;
    this.historyState.hidden = !text;
  }

  buildRows(conv) {
    const rows = [];
    let prev = null;
    for (const m of [...conv.messages, ...conv.pending]) {
      const day = dayKey(m.ts);
      if (!prev || dayKey(prev.ts) !== day) {
        rows.push({ key: 'day:' + day, sig: formatDay(m.ts), build: () => dayRow(m.ts) });
        prev = null;
      }
      const grouped = prev !== null && prev.from === m.from && m.ts - prev.ts < GROUP_GAP_MS;
      const status = m.status || 'sent';
      const mine = m.from === this.store.me;
      rows.push({
        key: m.key,
        sig: `${grouped}|${status}|${m.error || ''}|${mine}`,
        build: () => messageRow(m, { grouped, status, mine }),
      });
      prev = m;
    }
    return rows;
  }

  reconcile(rows) {
    const next = new Map();
    let cursor = this.list.firstChild;
    for (const row of rows) {
      let entry = this.rows.get(row.key);
      if (!entry || entry.sig !== row.sig) entry = { el: row.build(), sig: row.sig };
      next.set(row.key, entry);
      if (entry.el === cursor) cursor = cursor.nextSibling;
      else this.list.insertBefore(entry.el, cursor);
    }
    while (cursor) {          // everything left after the cursor is stale
      const stale = cursor;
      cursor = cursor.nextSibling;
      stale.remove();
    }
    this.rows = next;
  }
}

function dayRow(ts) {
  return el('li', { className: 'day', role: 'separator' }, el('span', {}, formatDay(ts)));
}

function messageRow(m, { grouped, status, mine }) {
  const li = el('li', {
    className: ['msg', grouped ? 'grouped' : '', mine ? 'mine' : '', status].filter(Boolean).join(' '),
    title: formatFull(m.ts),
  });
  if (m.seq) li.dataset.seq = String(m.seq);
  if (!grouped) {
    li.append(el('div', { className: 'meta' },
      el('span', { className: 'from' }, m.from),
      el('time', { dateTime: new Date(m.ts).toISOString() }, formatTime(m.ts))));
  }
  const text = el('div', { className: 'text' });
  appendRichText(text, m.text);
  li.append(text);
  if (status === 'pending') li.append(el('div', { className: 'state' }, 'Sending…'));
  if (status === 'failed') {
    li.append(el('div', { className: 'state', role: 'alert' }, `Not sent: ${m.error || 'unknown error'} `,
      el('button', { type: 'button', className: 'link', dataset: { retry: m.id } }, 'Retry')));
  }
  return li;
}
