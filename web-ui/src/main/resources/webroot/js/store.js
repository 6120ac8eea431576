// The tablet's copy of the console state: values from the snapshot and every ack/changed, the
// parameter schema from /api/schema, and who is touching what on other devices. Widgets subscribe
// per path; nothing here talks to the network.

import { OFF_DB } from './taper.js';

export class Store {
  constructor() {
    this.values = new Map();
    this.schema = new Map();
    this.listeners = new Map();
    this.touchListeners = new Map();
    this.remoteTouch = new Map(); // path -> Set of session ids
    this.sampleRate = 48000;
    this.layout = { channels: [], buses: [] };
  }

  setSchema(list) {
    this.schema.clear();
    for (const d of list) this.schema.set(d.path, d);
  }

  /** The schema entry of path, or a sensible stand-in when the server did not send one. */
  def(path) {
    const d = this.schema.get(path);
    if (d) return d;
    if (/fader$|level$|\/send\/\d+\/level$/.test(path)) {
      return { path, type: 'float', unit: 'dB', min: OFF_DB, max: 10, default: 0, taper: 'fader', minIsOff: true };
    }
    if (/pan$/.test(path)) return { path, type: 'float', unit: '', min: -1, max: 1, default: 0, taper: 'linear' };
    return { path, type: 'float', unit: '', min: 0, max: 1, default: 0, taper: 'linear' };
  }

  get(path) {
    return this.values.get(path);
  }

  num(path) {
    const v = this.values.get(path);
    if (typeof v === 'number') return v;
    if (v === '-inf') return OFF_DB;
    if (v === 'inf') return 100;
    const n = Number(v);
    return Number.isFinite(n) ? n : Number(this.def(path).default) || 0;
  }

  bool(path) {
    return this.values.get(path) === true;
  }

  put(path, value) {
    this.values.set(path, value);
    const set = this.listeners.get(path);
    if (set) for (const fn of set) fn(value, path);
  }

  /** Replaces every value (snapshot) and notifies every listener. */
  replaceAll(obj) {
    this.values.clear();
    for (const [k, v] of Object.entries(obj)) this.values.set(k, v);
    for (const [path, set] of this.listeners) {
      if (!this.values.has(path)) continue;
      const v = this.values.get(path);
      for (const fn of set) fn(v, path);
    }
  }

  on(path, fn) {
    let set = this.listeners.get(path);
    if (!set) this.listeners.set(path, (set = new Set()));
    set.add(fn);
    if (this.values.has(path)) fn(this.values.get(path), path);
    return () => set.delete(fn);
  }

  onTouch(path, fn) {
    let set = this.touchListeners.get(path);
    if (!set) this.touchListeners.set(path, (set = new Set()));
    set.add(fn);
    fn(this.isTouchedElsewhere(path));
    return () => set.delete(fn);
  }

  isTouchedElsewhere(path) {
    const s = this.remoteTouch.get(path);
    return !!s && s.size > 0;
  }

  remoteTouchChanged(path, by, on) {
    let s = this.remoteTouch.get(path);
    if (!s) this.remoteTouch.set(path, (s = new Set()));
    if (on) s.add(by ?? '?');
    else s.delete(by ?? '?');
    const set = this.touchListeners.get(path);
    if (set) for (const fn of set) fn(s.size > 0);
  }

  clearRemoteTouches() {
    const paths = [...this.remoteTouch.keys()];
    this.remoteTouch.clear();
    for (const p of paths) {
      const set = this.touchListeners.get(p);
      if (set) for (const fn of set) fn(false);
    }
  }
}

/** Formats a value of path for reading at arm's length. */
export function formatValue(def, v) {
  if (def.type === 'bool') return v ? 'on' : 'off';
  if (typeof v !== 'number') {
    if (v === '-inf') return '−∞';
    if (v === 'inf') return '∞';
    return String(v);
  }
  const unit = def.unit || '';
  if (def.minIsOff && v <= def.min) return '−∞';
  if (def.maxIsInfinite && v >= def.max) return unit === ':1' ? '∞:1' : '∞';
  if (unit === 'dB') return (v > 0.05 ? '+' : '') + fixed(v, 1) + ' dB';
  if (unit === 'Hz' && v < 10) return fixed(v, 2) + ' Hz'; // an LFO rate
  if (unit === 's') return fixed(v, v < 10 ? 2 : 1) + ' s';
  if (unit === 'BPM') return fixed(v, 1) + ' BPM';
  if (unit === 'Hz') return v >= 1000 ? fixed(v / 1000, v >= 10000 ? 1 : 2) + ' kHz' : Math.round(v) + ' Hz';
  if (unit === 'ms') return (v >= 100 ? Math.round(v) : fixed(v, v < 1 ? 2 : 1)) + ' ms';
  if (unit === ':1') return fixed(v, 1) + ':1';
  if (unit === '%') return Math.round(v) + ' %';
  if (/pan$/.test(def.path || '')) return formatPan(v);
  return fixed(v, 2);
}

export function formatPan(v) {
  const p = Math.round(v * 100);
  if (p === 0) return 'C';
  return p < 0 ? 'L' + -p : 'R' + p;
}

/** dB with one decimal, "−∞" at the off position; uses a real minus sign. */
export function formatDb(db) {
  if (db <= -89.95) return '−∞';
  return (db > 0.05 ? '+' : '') + fixed(db, 1);
}

function fixed(v, d) {
  let s = v.toFixed(d);
  if (/^-0(\.0*)?$/.test(s)) s = s.slice(1);
  return s.startsWith('-') ? '−' + s.slice(1) : s;
}
