// A vertical fader with the X32 law and a dB scale. It moves only when its cap is dragged (a tap
// on the track never jumps it), double-tap on the cap returns to 0 dB, and while a finger is on it
// the other devices are told (touch on/off) and see it highlighted. A fader another tablet already
// holds is not fought over: this tablet's drag yields (sends nothing, follows the server's value)
// until the first holder lets go, then carries on from where the fader is.

import { draggable } from './gesture.js';
import { faderPosition, faderDb, FADER_SCALE, toNormalized, fromNormalized } from './taper.js';
import { formatDb, formatValue } from './store.js';

const CAP_PX = 44;

export class Fader {
  /**
   * @param {Store} store
   * @param {Connection} conn
   * @param {string} path parameter address
   * @param {object} opts {scale: true to draw dB marks}
   */
  constructor(store, conn, path, opts = {}) {
    this.store = store;
    this.conn = conn;
    this.pos = 0.75;
    this.dragging = false;
    this.el = document.createElement('div');
    this.el.className = 'fader';
    this.el.innerHTML = `
      <div class="fader-scale"></div>
      <div class="fader-track"><div class="fader-slot"></div><div class="fader-unity"></div>
        <div class="fader-cap" role="slider" tabindex="0"><div class="fader-cap-line"></div></div></div>`;
    this.track = this.el.querySelector('.fader-track');
    this.cap = this.el.querySelector('.fader-cap');
    this.scaleEl = this.el.querySelector('.fader-scale');
    this.valueEl = document.createElement('div');
    this.valueEl.className = 'fader-value';
    if (opts.scale !== false) {
      for (const [db, label] of FADER_SCALE) {
        const m = document.createElement('span');
        m.textContent = label;
        m.dataset.pos = faderPosition(db);
        if (db === 0) m.className = 'unity';
        this.scaleEl.appendChild(m);
      }
    }
    draggable(this.cap, {
      start: () => {
        this.dragging = true;
        this.yielding = this.store.isTouchedElsewhere(this.path);
        this.el.classList.add('held');
        this.el.classList.toggle('yielding', this.yielding);
        this.conn.touch(this.path, true);
      },
      move: (dx, dy) => {
        if (this.yielding) return; // another tablet holds it: follow the server, do not write
        const travel = Math.max(1, this.track.clientHeight - CAP_PX);
        this.setPos(this.pos - dy / travel);
        this.conn.set(this.path, this.currentValue());
      },
      end: () => {
        this.dragging = false;
        this.yielding = false;
        this.el.classList.remove('held', 'yielding');
        this.conn.flush(this.path);
        this.conn.touch(this.path, false);
        // Show what the server applied (the last ack), not what the finger wished.
        if (this.store.values.has(this.path)) this.show(this.store.num(this.path));
      },
      doubleTap: () => {
        const v = this.resetValue();
        this.show(v);
        this.conn.setNow(this.path, v);
      },
    });
    this.resizeObs = new ResizeObserver(() => this.layout());
    this.resizeObs.observe(this.track);
    this.bind(path);
  }

  /** Points the fader at another parameter (sends on faders). */
  bind(path) {
    if (this.unsub) this.unsub();
    if (this.unsubTouch) this.unsubTouch();
    this.path = path;
    this.def = this.store.def(path);
    this.el.dataset.path = path;
    this.cap.setAttribute('aria-label', path);
    this.unsub = this.store.on(path, () => { if (!this.dragging || this.yielding) this.show(this.store.num(path)); });
    this.unsubTouch = this.store.onTouch(path, (on) => {
      this.el.classList.toggle('remote-touch', on);
      // The first holder let go: this drag takes over from the fader's current (server) position.
      if (!on && this.yielding) {
        this.yielding = false;
        this.el.classList.remove('yielding');
      }
    });
    if (!this.store.values.has(path)) this.show(this.def.default === '-inf' ? -90 : Number(this.def.default) || 0);
  }

  isFaderLaw() {
    return this.def.taper === 'fader' || this.def.taper === undefined;
  }

  resetValue() {
    // Engineers expect a double tap to bring a fader (or a send) to unity, 0 dB.
    return this.isFaderLaw() ? 0 : Number(this.def.default) || 0;
  }

  currentValue() {
    if (this.isFaderLaw()) {
      const db = faderDb(this.pos);
      return db <= -90 ? -90 : Math.round(db * 100) / 100;
    }
    return fromNormalized(this.def.taper, this.pos, this.def.min, this.def.max);
  }

  show(value) {
    this.pos = this.isFaderLaw() ? faderPosition(value) : toNormalized(this.def.taper, value, this.def.min, this.def.max);
    this.render(value);
  }

  setPos(pos) {
    this.pos = pos < 0 ? 0 : pos > 1 ? 1 : pos;
    this.render(this.currentValue());
  }

  render(value) {
    const travel = this.track.clientHeight - CAP_PX;
    this.cap.style.transform = `translateY(${Math.round((1 - this.pos) * Math.max(0, travel))}px)`;
    const text = this.isFaderLaw() ? formatDb(value) : formatValue(this.def, value);
    this.valueEl.textContent = text;
    this.el.dataset.value = String(value);
    this.cap.setAttribute('aria-valuenow', String(value));
    this.cap.setAttribute('aria-valuetext', text);
  }

  layout() {
    const h = this.track.clientHeight;
    const travel = h - CAP_PX;
    const top = this.track.offsetTop;
    for (const m of this.scaleEl.children) {
      m.style.top = `${top + CAP_PX / 2 + (1 - Number(m.dataset.pos)) * travel}px`;
    }
    const unity = this.el.querySelector('.fader-unity');
    unity.style.top = `${CAP_PX / 2 + 0.25 * travel}px`;
    this.render(this.currentValue());
  }
}
