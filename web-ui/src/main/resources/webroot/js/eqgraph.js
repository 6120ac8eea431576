// The EQ as a frequency-response curve computed with the engine's cookbook formulas (eqmath.js):
// each band faint, the sum bold (with the high-pass when it is on). Band handles: drag = frequency
// and gain, a pinch with a second finger or the wheel = Q, double tap = flat band.

import { bandCoefficients, hpfSections, magnitudeDb } from './eqmath.js';
import { draggable, ui } from './gesture.js';
import { animate } from './meter.js';
import { drawRta } from './rta.js';

const F_MIN = 20, F_MAX = 20000;
const DB_RANGE = 18;
const BAND_COLOURS = ['#ff8a65', '#ffd54f', '#81c784', '#64b5f6'];
const clamp = (v, lo, hi) => (v < lo ? lo : v > hi ? hi : v);

export class EqGraph {
  constructor(store, conn, onSelectBand) {
    this.store = store;
    this.conn = conn;
    this.onSelectBand = onSelectBand;
    this.ch = 1;
    this.base = 'ch/1';
    this.selected = 1;
    this.el = document.createElement('div');
    this.el.className = 'eqgraph';
    this.canvas = document.createElement('canvas');
    this.el.appendChild(this.canvas);
    this.handles = [];
    this.dirty = true;
    this.drag = null;
    for (let b = 1; b <= 4; b++) {
      const h = document.createElement('div');
      h.className = 'eq-handle';
      h.dataset.band = String(b);
      h.style.setProperty('--band-colour', BAND_COLOURS[b - 1]);
      h.innerHTML = `<span>${b}</span>`;
      this.el.appendChild(h);
      this.handles.push(h);
      draggable(h, {
        start: () => {
          this.select(b);
          this.drag = { band: b, freq: this.num('freq', b), gain: this.num('gain', b), q: this.num('q', b) };
          h.classList.add('held');
          this.conn.touch(this.path(b, 'freq'), true);
          this.conn.touch(this.path(b, 'gain'), true);
        },
        move: (dx, dy) => {
          const d = this.drag;
          const w = this.canvas.clientWidth, hgt = this.canvas.clientHeight;
          const octaves = Math.log2(F_MAX / F_MIN);
          d.freq = clamp(d.freq * Math.pow(2, (dx / w) * octaves), F_MIN, F_MAX);
          d.gain = clamp(d.gain - (dy / hgt) * 2 * DB_RANGE, -15, 15);
          this.local(b, 'freq', Math.round(d.freq * 10) / 10);
          this.local(b, 'gain', Math.round(d.gain * 10) / 10);
        },
        end: () => {
          h.classList.remove('held');
          for (const k of ['freq', 'gain', 'q']) {
            this.conn.flush(this.path(b, k));
            this.conn.touch(this.path(b, k), false);
          }
          this.drag = null;
          this.dirty = true;
        },
        doubleTap: () => {
          this.conn.setNow(this.path(b, 'gain'), 0);
          this.store.put(this.path(b, 'gain'), 0);
        },
      });
      h.addEventListener('wheel', (e) => {
        if (ui.locked) return;
        e.preventDefault();
        this.select(b);
        this.setQ(b, this.num('q', b) * Math.pow(2, -e.deltaY / 400));
      }, { passive: false });
    }
    this.pinch = new Map();
    this.el.addEventListener('pointerdown', (e) => {
      if (!this.drag || ui.locked) return;
      this.pinch.set(e.pointerId, [e.clientX, e.clientY]);
      ui.pointers.set(e.pointerId, true); // a pinch finger is not a fine-mode finger
      if (!e.target.classList.contains('eq-handle')) this.el.setPointerCapture?.(e.pointerId);
      this.pinchStart = null;
    });
    this.el.addEventListener('pointermove', (e) => {
      if (!this.pinch.has(e.pointerId)) return;
      this.pinch.set(e.pointerId, [e.clientX, e.clientY]);
      const handle = this.handles[this.drag ? this.drag.band - 1 : 0].getBoundingClientRect();
      const [x, y] = this.pinch.get(e.pointerId);
      const dist = Math.hypot(x - (handle.left + handle.width / 2), y - (handle.top + handle.height / 2));
      if (!this.pinchStart) this.pinchStart = { dist, q: this.num('q', this.drag.band) };
      else this.setQ(this.drag.band, this.pinchStart.q * (this.pinchStart.dist / Math.max(10, dist)));
    });
    const up = (e) => this.pinch.delete(e.pointerId);
    this.el.addEventListener('pointerup', up);
    this.el.addEventListener('pointercancel', up);
    new ResizeObserver(() => { this.dirty = true; }).observe(this.canvas);
    animate(this);
  }

  path(b, k) {
    return `${this.base}/eq/${b}/${k}`;
  }

  num(k, b) {
    return this.store.num(this.path(b, k));
  }

  local(b, k, v) {
    this.store.put(this.path(b, k), v);
    this.conn.set(this.path(b, k), v);
  }

  setQ(b, q) {
    this.local(b, 'q', Math.round(clamp(q, 0.1, 10) * 1000) / 1000);
  }

  select(b) {
    this.selected = b;
    this.handles.forEach((h, i) => h.classList.toggle('on', i + 1 === b));
    if (this.onSelectBand) this.onSelectBand(b);
  }

  /** ch: a channel number, or a strip's base path ('bus/2': a bus EQ, which has no high-pass). */
  bind(ch) {
    for (const u of this.unsubs || []) u();
    this.ch = ch;
    this.base = typeof ch === 'number' ? `ch/${ch}` : ch;
    this.unsubs = [];
    const b0 = this.base;
    const paths = [`${b0}/eq/on`, `${b0}/hpf/on`, `${b0}/hpf/freq`, `${b0}/hpf/slope`, `${b0}/eq/1/type`, `${b0}/eq/4/type`];
    for (let b = 1; b <= 4; b++) for (const k of ['freq', 'gain', 'q']) paths.push(this.path(b, k));
    for (const p of paths) this.unsubs.push(this.store.on(p, () => { this.dirty = true; }));
    for (let b = 1; b <= 4; b++) {
      this.unsubs.push(this.store.onTouch(this.path(b, 'freq'), (on) => this.handles[b - 1].classList.toggle('remote-touch', on)));
    }
    this.dirty = true;
    this.select(this.selected);
  }

  /** A new RTA frame of this channel's input (null: none); redrawn with the next animation frame. */
  setRta(frame, centres) {
    this.rta = frame;
    this.rtaCentres = centres;
    this.dirty = true;
  }

  x(f, w) {
    return (Math.log(f / F_MIN) / Math.log(F_MAX / F_MIN)) * w;
  }

  y(db, h) {
    return h / 2 - (db / DB_RANGE) * (h / 2);
  }

  bandType(b) {
    if (b === 1 || b === 4) return String(this.store.get(`${this.base}/eq/${b}/type`) ?? (b === 1 ? 'lowshelf' : 'highshelf'));
    return 'peak';
  }

  draw() {
    const canvas = this.canvas;
    const dpr = window.devicePixelRatio || 1;
    const W = Math.round(canvas.clientWidth * dpr), H = Math.round(canvas.clientHeight * dpr);
    if (W < 2 || H < 2) return;
    if (canvas.width !== W || canvas.height !== H) { canvas.width = W; canvas.height = H; this.dirty = true; }
    // Handles follow the values even between redraws of the curve.
    const cw = canvas.clientWidth, ch = canvas.clientHeight;
    for (let b = 1; b <= 4; b++) {
      const h = this.handles[b - 1];
      const gain = this.num('gain', b);
      h.style.transform = `translate(${this.x(this.num('freq', b), cw)}px, ${this.y(gain, ch)}px)`;
    }
    if (!this.dirty) return;
    this.dirty = false;
    const fs = this.store.sampleRate || 48000;
    const c = canvas.getContext('2d');
    c.clearRect(0, 0, W, H);
    c.fillStyle = '#0b0d10';
    c.fillRect(0, 0, W, H);
    c.lineWidth = 1;
    c.font = `${11 * dpr}px system-ui, sans-serif`;
    c.fillStyle = '#8b929c';
    for (const f of [20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000]) {
      const x = Math.round(this.x(f, W)) + 0.5;
      c.strokeStyle = f === 100 || f === 1000 || f === 10000 ? '#2f3540' : '#1c2027';
      c.beginPath(); c.moveTo(x, 0); c.lineTo(x, H); c.stroke();
      c.fillText(f >= 1000 ? `${f / 1000}k` : String(f), x + 3 * dpr, H - 4 * dpr);
    }
    for (const db of [-12, -6, 0, 6, 12]) {
      const y = Math.round(this.y(db, H)) + 0.5;
      c.strokeStyle = db === 0 ? '#3a414d' : '#1c2027';
      c.beginPath(); c.moveTo(0, y); c.lineTo(W, y); c.stroke();
      c.fillText(`${db > 0 ? '+' : ''}${db}`, 3 * dpr, y - 3 * dpr);
    }
    // The channel's input spectrum behind the curve: the resonance the engineer drags a band onto.
    drawRta(c, this.rta, this.rtaCentres, (f, w) => this.x(f, w), W, H, 0.55);
    const eqOn = this.store.bool(`${this.base}/eq/on`);
    const hpfOn = this.store.bool(`${this.base}/hpf/on`);
    const bands = [];
    for (let b = 1; b <= 4; b++) {
      bands.push(bandCoefficients(fs, this.bandType(b), this.num('freq', b), this.num('gain', b), this.num('q', b)));
    }
    const hpf = hpfSections(fs, this.store.num(`${this.base}/hpf/freq`), this.store.get(`${this.base}/hpf/slope`));
    const N = Math.max(64, Math.round(W / (2 * dpr)));
    const freqs = new Float64Array(N + 1);
    for (let i = 0; i <= N; i++) freqs[i] = F_MIN * Math.pow(F_MAX / F_MIN, i / N);
    const curve = (fn, stroke, width, fill) => {
      c.beginPath();
      for (let i = 0; i <= N; i++) {
        const x = this.x(freqs[i], W);
        const y = this.y(clamp(fn(freqs[i]), -DB_RANGE * 1.5, DB_RANGE * 1.5), H);
        if (i === 0) c.moveTo(x, y); else c.lineTo(x, y);
      }
      c.strokeStyle = stroke;
      c.lineWidth = width * dpr;
      c.stroke();
      if (fill) {
        c.lineTo(W, this.y(0, H)); c.lineTo(0, this.y(0, H)); c.closePath();
        c.fillStyle = fill; c.fill();
      }
    };
    c.globalAlpha = eqOn ? 0.55 : 0.25;
    bands.forEach((co, i) => curve((f) => magnitudeDb(co, fs, f), BAND_COLOURS[i], 1));
    if (hpfOn) curve((f) => hpf.reduce((s, co) => s + magnitudeDb(co, fs, f), 0), '#c0c4cc', 1);
    c.globalAlpha = 1;
    curve((f) => {
      let s = 0;
      if (eqOn) for (const co of bands) s += magnitudeDb(co, fs, f);
      if (hpfOn) for (const co of hpf) s += magnitudeDb(co, fs, f);
      return s;
    }, eqOn || hpfOn ? '#f5f7fa' : '#6b7280', 2.5, 'rgba(79,163,255,0.12)');
    this.el.classList.toggle('off', !eqOn);
  }
}
