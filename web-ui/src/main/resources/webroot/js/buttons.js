// Switches (mute, solo, on/off) and choices (EQ band type, HPF slope), bound to parameter paths.

import { onTap } from './gesture.js';

/** A toggle bound to a boolean path; cls gives the colour when on (mute red, solo yellow). */
export class Toggle {
  constructor(store, conn, path, label, cls = '', invert = false) {
    this.store = store;
    this.conn = conn;
    this.invert = invert;
    this.el = document.createElement('button');
    this.el.type = 'button';
    this.el.className = `toggle ${cls}`;
    this.el.textContent = label;
    onTap(this.el, () => {
      const next = !this.store.bool(this.path);
      this.render(next !== this.invert);
      this.conn.setNow(this.path, next);
    });
    this.bind(path);
  }

  bind(path, invert = this.invert) {
    if (this.unsub) this.unsub();
    if (this.unsubTouch) this.unsubTouch();
    this.path = path;
    this.invert = invert;
    this.el.dataset.path = path;
    this.render(this.store.bool(path) !== invert);
    this.unsub = this.store.on(path, (v) => this.render((v === true) !== this.invert));
    this.unsubTouch = this.store.onTouch(path, (on) => this.el.classList.toggle('remote-touch', on));
  }

  render(on) {
    this.el.classList.toggle('on', on);
    this.el.setAttribute('aria-pressed', String(on));
  }
}

/** A segmented choice bound to an enum path. */
export class Choice {
  constructor(store, conn, path, options) {
    this.store = store;
    this.conn = conn;
    this.path = path;
    this.el = document.createElement('div');
    this.el.className = 'choice';
    this.el.dataset.path = path;
    this.buttons = new Map();
    for (const [value, label] of options) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = label;
      b.dataset.value = value;
      onTap(b, () => {
        this.render(value);
        this.conn.setNow(this.path, value);
      });
      this.buttons.set(String(value), b);
      this.el.appendChild(b);
    }
    this.unsub = store.on(path, (v) => this.render(v));
  }

  render(v) {
    for (const [value, b] of this.buttons) b.classList.toggle('on', value === String(v));
  }
}
