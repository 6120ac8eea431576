// Static transfer curves of the gate/expander and the compressor, with the live operating point
// (input level from the meters — for the compressor its detector's input, CH.COMP_IN — and
// output = input + gain reduction).

import { animate } from './meter.js';

const clamp = (v, lo, hi) => (v < lo ? lo : v > hi ? hi : v);

/** Compressor static curve with a soft knee (Giannoulis, Massberg & Reiss, JAES 2012, eq. 4). */
export function compCurve(x, t, r, w) {
  if (2 * (x - t) < -w) return x;
  if (w > 0 && 2 * Math.abs(x - t) <= w) return x + ((1 / r - 1) * (x - t + w / 2) ** 2) / (2 * w);
  return t + (x - t) / r;
}

/** Gate (range below threshold) or 1:2 downward expander floored at the range. */
export function gateCurve(x, t, range, mode) {
  if (x >= t) return x;
  if (mode === 'expander') return Math.max(t + (x - t) * 2, x + range);
  return x + range;
}

export class Transfer {
  /** kind: 'gate' or 'comp'. */
  constructor(store, kind) {
    this.store = store;
    this.kind = kind;
    this.ch = 1;
    this.base = 'ch/1';
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'transfer';
    this.inDb = -120;
    this.grDb = 0;
    this.dirty = true;
    animate(this);
  }

  /** ch: a channel number, or a strip's base path ('bus/2'). */
  bind(ch) {
    for (const u of this.unsubs || []) u();
    this.ch = ch;
    this.base = typeof ch === 'number' ? `ch/${ch}` : ch;
    this.unsubs = [];
    const keys = this.kind === 'gate' ? ['on', 'mode', 'threshold', 'range'] : ['on', 'threshold', 'ratio', 'knee', 'makeup'];
    for (const k of keys) this.unsubs.push(this.store.on(`${this.base}/${this.kind}/${k}`, () => { this.dirty = true; }));
    this.dirty = true;
  }

  /** Live operating point: input level in dBFS, gain reduction in dB. */
  live(inDb, grDb) {
    const i = Number.isFinite(inDb) ? inDb : -120;
    if (Math.abs(i - this.inDb) > 0.1 || Math.abs(grDb - this.grDb) > 0.1) {
      this.inDb = i;
      this.grDb = grDb;
      this.dirty = true;
    }
  }

  draw() {
    const cv = this.canvas;
    const dpr = window.devicePixelRatio || 1;
    const W = Math.round(cv.clientWidth * dpr), H = Math.round(cv.clientHeight * dpr);
    if (W < 2 || H < 2) return;
    if (cv.width !== W || cv.height !== H) { cv.width = W; cv.height = H; this.dirty = true; }
    if (!this.dirty) return;
    this.dirty = false;
    const s = this.store, p = `${this.base}/${this.kind}/`;
    const lo = this.kind === 'gate' ? -80 : -60;
    const X = (db) => ((db - lo) / -lo) * W;
    const Y = (db) => H - ((clamp(db, lo, 0) - lo) / -lo) * H;
    const c = cv.getContext('2d');
    c.fillStyle = '#0b0d10';
    c.fillRect(0, 0, W, H);
    c.strokeStyle = '#1c2027';
    c.lineWidth = 1;
    for (let d = lo; d <= 0; d += 10) {
      c.beginPath(); c.moveTo(X(d), 0); c.lineTo(X(d), H); c.moveTo(0, Y(d)); c.lineTo(W, Y(d)); c.stroke();
    }
    c.strokeStyle = '#3a414d';
    c.beginPath(); c.moveTo(X(lo), Y(lo)); c.lineTo(X(0), Y(0)); c.stroke();
    const on = s.bool(p + 'on');
    const t = s.num(p + 'threshold');
    const f = this.kind === 'gate'
      ? (x) => gateCurve(x, t, s.num(p + 'range'), s.get(p + 'mode'))
      : (x) => compCurve(x, t, s.num(p + 'ratio'), s.num(p + 'knee')) + s.num(p + 'makeup');
    c.beginPath();
    for (let i = 0; i <= 100; i++) {
      const x = lo + (i / 100) * -lo;
      if (i === 0) c.moveTo(X(x), Y(f(x))); else c.lineTo(X(x), Y(f(x)));
    }
    c.strokeStyle = on ? '#4fa3ff' : '#59606b';
    c.lineWidth = 2 * dpr;
    c.stroke();
    c.setLineDash([4 * dpr, 4 * dpr]);
    c.strokeStyle = '#8b929c';
    c.lineWidth = 1;
    c.beginPath(); c.moveTo(X(t), 0); c.lineTo(X(t), H); c.stroke();
    c.setLineDash([]);
    if (this.inDb > lo) {
      const out = this.inDb + this.grDb + (this.kind === 'comp' ? s.num(p + 'makeup') : 0);
      c.fillStyle = '#ff8a1f';
      c.beginPath(); c.arc(X(this.inDb), Y(out), 5 * dpr, 0, Math.PI * 2); c.fill();
    }
    c.fillStyle = '#ff8a1f';
    c.font = `${12 * dpr}px system-ui, sans-serif`;
    c.fillText(`GR ${this.grDb.toFixed(1)} dB`, 6 * dpr, 16 * dpr);
  }
}
