// The message box: Enter sends, Shift+Enter adds a line, and typing tells the room (throttled in chat.js).
const MAX_TEXT = 4096;

export class ComposerView {
  /** @param {{onSend: (text) => void, onTyping: () => void}} actions */
  constructor(store, actions) {
    this.store = store;
    this.actions = actions;
    this.form = document.getElementById('composer');
    this.text = document.getElementById('text');
    this.text.maxLength = MAX_TEXT;
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    this.text.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      }
    });
    this.text.addEventListener('input', () => {
      this.fit();
      if (this.text.value) this.actions.onTyping();
    });
    store.events.on('active', (conv) => {
      this.text.placeholder = conv ? `Message ${conv.kind === 'room' ? '#' + conv.name : conv.name}` : '';
      this.text.disabled = !conv;
      // Right after joining nothing has the focus yet: keyboard users land where they type.
      if (conv && (document.activeElement === document.body || document.activeElement === null)) this.text.focus();
    });
  }

  submit() {
    const value = this.text.value;
    if (!value.trim()) return;
    this.actions.onSend(value);
    this.text.value = '';
    this.fit();
    this.text.focus();
  }

  /** Grow with the text up to a few lines, then scroll inside. */
  fit() {
    this.text.style.height = 'auto';
    this.text.style.height = Math.min(this.text.scrollHeight, 160) + 'px';
  }
}
