// The left column: rooms you are in (member count, unread badge), other rooms on the server,
// the form to join or create a room, and direct-message threads.
import { el, keepingFocus } from '../format.js';

export class SidebarView {
  /** @param {{onOpen: (key) => void, onJoin: (name) => void, onLeave: (conv) => void}} actions */
  constructor(store, actions) {
    this.store = store;
    this.actions = actions;
    this.rooms = document.getElementById('rooms');
    this.directory = document.getElementById('directory');
    this.directoryHeading = document.getElementById('directory-heading');
    this.dms = document.getElementById('dms');
    this.dmsEmpty = document.getElementById('dms-empty');
    this.root = document.getElementById('sidebar');
    const form = document.getElementById('join-room');
    const input = document.getElementById('room-name');
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const name = input.value.trim().replace(/^#/, '');
      if (!name) return;
      this.actions.onJoin(name);
      input.value = '';
    });
    for (const topic of ['conversations', 'active', 'members', 'connection']) {
      store.events.on(topic, () => keepingFocus(this.root, () => this.render()));
    }
  }

  render() {
    const store = this.store;
    this.rooms.replaceChildren(...store.rooms().map((conv) => this.item(conv, '#' + conv.name,
      conv.joined || store.connection.state !== 'online' ? store.memberCount(conv) : null, true)));

    const mine = new Set(store.rooms().map((c) => c.name));
    const others = [...store.roomDirectory].filter(([name]) => !mine.has(name));
    this.directory.replaceChildren(...others.map(([name, count]) => el('li', {},
      el('button', { type: 'button', className: 'conv', onclick: () => this.actions.onJoin(name), dataset: { focusKey: 'join:' + name },
        'aria-label': `Join #${name}, ${count} ${count === 1 ? 'member' : 'members'}` },
      el('span', { className: 'conv-name' }, '#' + name),
      el('span', { className: 'count', 'aria-hidden': 'true' }, String(count))))));
    this.directory.hidden = this.directoryHeading.hidden = others.length === 0;

    const dms = store.dms();
    this.dms.replaceChildren(...dms.map((conv) => this.item(conv, conv.name, null, false)));
    this.dmsEmpty.hidden = dms.length > 0;
  }

  item(conv, label, count, leavable) {
    const active = conv.key === this.store.activeKey;
    const parts = [el('span', { className: 'conv-name' }, label)];
    if (count !== null) {
      parts.push(el('span', { className: 'count', title: 'members online', 'aria-label': `${count} ${count === 1 ? 'member' : 'members'}` }, String(count)));
    }
    if (conv.unread > 0) parts.push(el('span', { className: 'badge', 'aria-label': `${conv.unread} unread` }, String(conv.unread)));
    const button = el('button', { type: 'button', className: 'conv', onclick: () => this.actions.onOpen(conv.key),
      dataset: { focusKey: 'open:' + conv.key } }, ...parts);
    if (active) button.setAttribute('aria-current', 'true');
    const li = el('li', { className: active ? 'active' : '' }, button);
    if (leavable && this.store.rooms().length > 1) {
      li.append(el('button', { type: 'button', className: 'leave', title: `Leave #${conv.name}`,
        'aria-label': `Leave #${conv.name}`, onclick: () => this.actions.onLeave(conv), dataset: { focusKey: 'leave:' + conv.key } }, '×'));
    }
    return li;
  }
}
