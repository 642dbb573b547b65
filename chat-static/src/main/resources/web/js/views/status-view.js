// Connection state in the header, the reconnect banner with its countdown, and short notices.
export class StatusView {
  /** @param {{onReconnect: () => void}} actions */
  constructor(store, actions) {
    this.store = store;
    this.badge = document.getElementById('conn');
    this.whoami = document.getElementById('whoami');
    this.banner = document.getElementById('banner');
    this.bannerText = document.getElementById('banner-text');
    this.countdown = document.getElementById('banner-countdown');
    this.toasts = document.getElementById('toasts');
    this.timer = 0;
    document.getElementById('banner-retry').addEventListener('click', () => actions.onReconnect());
    store.events.on('connection', () => this.render());
    store.events.on('me', (name) => { this.whoami.textContent = name ? `Signed in as ${name}` : ''; });
    store.events.on('notice', (text) => this.notice(text));
  }

  render() {
    clearInterval(this.timer);
    const { state, retryAt, reason } = this.store.connection;
    const labels = { online: 'online', connecting: 'connecting…', reconnecting: 'reconnecting…', offline: 'offline' };
    this.badge.dataset.state = state;
    this.badge.textContent = labels[state] || state;
    this.banner.hidden = state !== 'reconnecting';
    if (state !== 'reconnecting') return;
    const text = reason || 'Connection lost.';
    if (this.bannerText.textContent !== text) this.bannerText.textContent = text;
    const tick = () => {
      const seconds = Math.ceil((retryAt - Date.now()) / 1000);
      this.countdown.textContent = seconds > 0
        ? `Reconnecting in ${seconds} s… Messages you write meanwhile are sent once we are back.`
        : 'Reconnecting…';
    };
    tick();
    this.timer = setInterval(tick, 1000);
  }

  notice(text) {
    const item = document.createElement('div');
    item.className = 'toast';
    item.textContent = text;
    this.toasts.append(item);
    setTimeout(() => item.remove(), 6000);
  }
}
