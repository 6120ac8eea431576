// A rotary knob: vertical drag (up = more), ¼ speed in fine mode, double tap to the default.
// Follows the parameter's taper from /api/schema (log for Hz, ms, Q and ratio).

import { draggable } from './gesture.js';
import { toNormalized, fromNormalized } from './taper.js';
import { formatValue } from './store.js';

const DRAG_PX = 220; // a full turn of the range for this many pixels of vertical travel
const ARC = 270;

function polar(cx, cy, r, deg) {
  const a = ((deg - 90) * Math.PI) / 180;
  return [cx + r * Math.cos(a), cy + r * Math.sin(a)];
}

function arcPath(r, from, to) {
  const [x0, y0] = polar(24, 24, r, from);
  const [x1, y1] = polar(24, 24, r, to);
  const large = Math.abs(to - from) > 180 ? 1 : 0;
  const sweep = to > from ? 1 : 0;
  return `M${x0.toFixed(2)} ${y0.toFixed(2)} A${r} ${r} 0 ${large} ${sweep} ${x1.toFixed(2)} ${y1.toFixed(2)}`;
}

export class Knob {
  constructor(store, conn, path, label, opts = {}) {
    this.store = store;
    this.conn = conn;
    this.label = label;
    this.bipolar = !!opts.bipolar;
    this.format = opts.format;
    this.pos = 0;
    this.dragging = false;
    this.el = document.createElement('div');
    this.el.className = 'knob' + (opts.small ? ' small' : '');
    this.el.innerHTML = `
      <svg viewBox="0 0 48 48" aria-hidden="true"><path class="knob-track" d="${arcPath(19, -ARC / 2, ARC / 2)}"/>
        <path class="knob-arc"/><line class="knob-pointer" x1="24" y1="24" x2="24" y2="8"/></svg>
      <div class="knob-label"></div><div class="knob-value"></div>`;
    this.el.setAttribute('role', 'slider');
    this.el.querySelector('.knob-label').textContent = label;
    this.arcEl = this.el.querySelector('.knob-arc');
    this.pointer = this.el.querySelector('.knob-pointer');
    this.valueEl = this.el.querySelector('.knob-value');
    draggable(this.el, {
      start: () => {
        this.dragging = true;
        this.el.classList.add('held');
        this.conn.touch(this.path, true);
      },
      move: (dx, dy) => {
        this.pos = Math.min(1, Math.max(0, this.pos - dy / DRAG_PX));
        const v = this.valueAt(this.pos);
        this.render(v);
        this.conn.set(this.path, v);
      },
      end: () => {
        this.dragging = false;
        this.el.classList.remove('held');
        this.conn.flush(this.path);
        this.conn.touch(this.path, false);
        if (this.store.values.has(this.path)) this.show(this.store.num(this.path));
      },
      doubleTap: () => {
        const v = this.defaultValue();
        this.show(v);
        this.conn.setNow(this.path, v);
      },
    });
    this.bind(path);
  }

  bind(path) {
    if (this.unsub) this.unsub();
    if (this.unsubTouch) this.unsubTouch();
    this.path = path;
    this.def = this.store.def(path);
    this.el.dataset.path = path;
    this.unsub = this.store.on(path, () => { if (!this.dragging) this.show(this.store.num(path)); });
    this.unsubTouch = this.store.onTouch(path, (on) => this.el.classList.toggle('remote-touch', on));
    if (!this.store.values.has(path)) this.show(this.defaultValue());
  }

  defaultValue() {
    const d = this.def.default;
    if (d === '-inf') return this.def.min;
    if (d === 'inf') return this.def.max;
    return Number(d) || 0;
  }

  valueAt(pos) {
    const v = fromNormalized(this.def.taper, pos, this.def.min, this.def.max);
    // Round to what a finger can mean: 0.01 of a unit, 3 significant digits for log values.
    if (this.def.taper === 'log') {
      const p = Math.pow(10, Math.floor(Math.log10(Math.abs(v))) - 2);
      return Math.round(v / p) * p;
    }
    return Math.round(v * 100) / 100;
  }

  show(v) {
    this.pos = toNormalized(this.def.taper, v, this.def.min, this.def.max);
    this.render(v);
  }

  render(v) {
    const deg = -ARC / 2 + this.pos * ARC;
    const from = this.bipolar ? 0 : -ARC / 2;
    this.arcEl.setAttribute('d', Math.abs(deg - from) < 0.5 ? '' : arcPath(19, Math.min(from, deg), Math.max(from, deg)));
    this.pointer.setAttribute('transform', `rotate(${deg.toFixed(1)} 24 24)`);
    this.valueEl.textContent = this.format ? this.format(v) : formatValue(this.def, v);
    this.el.dataset.value = String(v);
    this.el.setAttribute('aria-valuenow', String(v));
  }
}
