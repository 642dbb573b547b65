// "Alice is typing…" under the message list; each name fades after ~3 s without a new signal.
export class TypingView {
  constructor(store) {
    this.store = store;
    this.line = document.getElementById('typing');
    this.timer = 0;
    store.events.on('typing', (conv) => { if (conv.key === store.activeKey) this.render(); });
    store.events.on('messages', (d) => { if (d.conv.key === store.activeKey) this.render(); });
    store.events.on('active', () => this.render());
  }

  render() {
    clearTimeout(this.timer);
    const conv = this.store.active;
    const names = conv && conv.kind === 'room' ? this.store.typingNames(conv) : [];
    this.line.textContent = describe(names);
    if (names.length) {
      const next = Math.min(...conv.typing.values()) - Date.now();
      this.timer = setTimeout(() => this.render(), Math.max(50, next));
    }
  }
}

function describe(names) {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return 'Several people are typing…';
}
