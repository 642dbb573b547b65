// Who is in the active room, updated live from presence diffs. Clicking someone opens a DM.
import { el, keepingFocus } from '../format.js';

export class MembersView {
  /** @param {{onDirect: (name) => void}} actions */
  constructor(store, actions) {
    this.store = store;
    this.actions = actions;
    this.list = document.getElementById('members');
    this.title = document.getElementById('members-title');
    store.events.on('members', (conv) => { if (conv.key === store.activeKey) keepingFocus(this.list, () => this.render()); });
    store.events.on('active', () => this.render());
  }

  render() {
    const conv = this.store.active;
    if (!conv || conv.kind !== 'room') {
      this.title.textContent = conv ? 'Direct message' : 'Members';
      this.list.replaceChildren(...(conv ? [el('li', { className: 'hint' }, `Only you and ${conv.name} see this conversation.`)] : []));
      return;
    }
    const names = [...conv.members].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
    this.title.textContent = `Members (${Math.max(names.length, conv.memberCount)})`;
    this.list.replaceChildren(...names.map((name) => {
      if (name === this.store.me) return el('li', { className: 'member me' }, el('span', {}, name), el('span', { className: 'you' }, ' (you)'));
      return el('li', { className: 'member' }, el('button', { type: 'button', className: 'link', dataset: { focusKey: name },
        title: `Send ${name} a direct message`, onclick: () => this.actions.onDirect(name) }, name));
    }));
  }
}
