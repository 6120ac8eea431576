// The PIN screen, shown when the console says a login is needed (hello.auth.required without a
// principal). The token the console returns is kept in localStorage so a reload or a reconnect
// stays logged in until it expires or is revoked (the console then closes with 4001 and asks again).
// docs/security.md describes roles and tokens.

const KEY = 'jackdesk.token';
const $ = (sel) => document.querySelector(sel);

export function storedToken() {
  try {
    return localStorage.getItem(KEY);
  } catch (e) {
    return null;
  }
}

export function forgetToken() {
  try {
    localStorage.removeItem(KEY);
  } catch (e) {
    // private mode: nothing stored
  }
}

function storeToken(t) {
  try {
    localStorage.setItem(KEY, t);
  } catch (e) {
    // private mode: the login lasts for this page only
  }
}

export class Login {
  /** @param send function(obj) sending a message on the open connection */
  constructor(send) {
    this.send = send;
    this.waiting = false;
    $('#login-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
  }

  get visible() {
    return document.body.classList.contains('needs-login');
  }

  show(message) {
    document.body.classList.add('needs-login');
    $('#login-error').textContent = message || '';
    this.waiting = false;
    $('#login-go').disabled = false;
    setTimeout(() => ($('#login-user').value ? $('#login-pin') : $('#login-user')).focus(), 0);
  }

  hide() {
    document.body.classList.remove('needs-login');
    $('#login-pin').value = '';
    $('#login-error').textContent = '';
  }

  submit() {
    const user = $('#login-user').value.trim();
    const pin = $('#login-pin').value;
    if (!user || !pin) {
      $('#login-error').textContent = 'Enter your name and PIN';
      return;
    }
    this.waiting = true;
    $('#login-go').disabled = true;
    if (!this.send({ op: 'login', user, pin })) this.show('Not connected — try again in a moment');
  }

  /** The console accepted the PIN: keep the token, leave the screen. */
  accepted(msg) {
    storeToken(msg.token);
    this.hide();
  }

  /** A refusal while the screen is up (wrong PIN, throttled). Returns true when it was for us. */
  refused(msg) {
    if (!this.visible && !this.waiting) return false;
    this.show(msg.code === 'too_many_attempts' ? msg.message : 'Wrong name or PIN');
    $('#login-pin').value = '';
    return true;
  }
}
