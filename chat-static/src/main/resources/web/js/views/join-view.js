// The way in: a name prompt (auth none) or a log-in / register form (auth accounts).
import { NAME_PATTERN } from '../auth.js';

export class JoinView {
  /**
   * @param {{onName: (name) => void, onLogin: (name, password, register) => Promise<void>}} actions
   */
  constructor(actions) {
    this.actions = actions;
    this.screen = document.getElementById('join');
    this.nameForm = document.getElementById('name-form');
    this.name = document.getElementById('name');
    this.loginForm = document.getElementById('login-form');
    this.loginName = document.getElementById('login-name');
    this.password = document.getElementById('password');
    this.sso = document.getElementById('sso-note');
    this.error = document.getElementById('join-error');

    this.nameForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const name = this.name.value.trim();
      if (!NAME_PATTERN.test(name)) {
        this.showError('Use 1–32 letters, digits, spaces, _ - or .');
        return;
      }
      this.actions.onName(name);
    });
    this.loginForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const register = e.submitter?.value === 'register';
      this.submitLogin(register);
    });
  }

  async submitLogin(register) {
    this.showError('');
    const buttons = this.loginForm.querySelectorAll('button');
    buttons.forEach((b) => { b.disabled = true; });
    try {
      await this.actions.onLogin(this.loginName.value.trim(), this.password.value, register);
      this.password.value = '';
    } catch (e) {
      this.showError(e.message);
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  /** @param {'none'|'accounts'|'jwt'} mode */
  show(mode, { name = '', error = '' } = {}) {
    this.screen.hidden = false;
    this.nameForm.hidden = mode !== 'none';
    this.loginForm.hidden = mode !== 'accounts';
    this.sso.hidden = mode !== 'jwt';
    this.showError(error);
    if (mode === 'none') {
      this.name.value = name;
      this.name.focus();
    } else if (mode === 'accounts') {
      this.loginName.value = name;
      (name ? this.password : this.loginName).focus();
    }
  }

  hide() {
    this.screen.hidden = true;
  }

  showError(text) {
    this.error.textContent = text;
    this.error.hidden = !text;
  }
}
