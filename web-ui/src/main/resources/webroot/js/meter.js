// Level and gain-reduction meters drawn on canvases by one requestAnimationFrame loop at 30 fps.
// Scale −60…0 dBFS linear in dB; green below −18, yellow below −6, red above; the peak falls at
// 20 dB/s and a hold line stays 1.5 s; gain reduction is drawn downwards from the top in orange.

export const FLOOR_DB = -60;
/** The dBFS marks of a meter's own scale (labelled, with tick lines on the bars). */
export const METER_MARKS = [0, -6, -12, -18, -30, -42, -60];
const FALL_DB_PER_S = 20;
const HOLD_S = 1.5;
const FRAME_MS = 1000 / 30;
const GR_RANGE_DB = 24;

const C_GREEN = '#2fc25b', C_YELLOW = '#e8c31c', C_RED = '#ff3b30', C_ORANGE = '#ff8a1f';
const C_BG = '#0b0d10', C_TICK = '#2a2f37';

const meters = new Set();
let last = 0;

export function linToDb(v) {
  return v > 1e-6 ? 20 * Math.log10(v) : -120;
}

function frame(t) {
  requestAnimationFrame(frame);
  if (t - last < FRAME_MS - 2) return;
  const dt = last ? Math.min(0.25, (t - last) / 1000) : 0;
  last = t;
  for (const m of meters) if (m.canvas.isConnected && m.canvas.offsetParent !== null) m.draw(dt);
}
requestAnimationFrame(frame);

function fit(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(canvas.clientWidth * dpr));
  const h = Math.max(1, Math.round(canvas.clientHeight * dpr));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
    return true;
  }
  return false;
}

export function zoneColour(db) {
  return db < -18 ? C_GREEN : db < -6 ? C_YELLOW : C_RED;
}

/** Fraction 0–1 of the meter scale for a level in dB. */
export function meterFraction(db) {
  if (db <= FLOOR_DB) return 0;
  if (db >= 0) return 1;
  return (db - FLOOR_DB) / -FLOOR_DB;
}

/** A peak/RMS meter with 1 or 2 bars, vertical (bottom up) or horizontal (left to right). */
export class LevelMeter {
  constructor(canvas, bars = 1, horizontal = false) {
    this.canvas = canvas;
    this.bars = bars;
    this.horizontal = horizontal;
    this.peakTarget = new Float64Array(bars).fill(-120);
    this.rmsTarget = new Float64Array(bars).fill(-120);
    this.peak = new Float64Array(bars).fill(-120);
    this.hold = new Float64Array(bars).fill(-120);
    this.holdAge = new Float64Array(bars);
    this.dirty = true;
    meters.add(this);
  }

  /** New levels in dBFS for bar i (−120 or below is silence). */
  set(i, peakDb, rmsDb) {
    const p = Number.isFinite(peakDb) ? peakDb : -120, r = Number.isFinite(rmsDb) ? rmsDb : -120;
    if (p !== this.peakTarget[i] || r !== this.rmsTarget[i]) {
      this.peakTarget[i] = p;
      this.rmsTarget[i] = r;
      this.dirty = true;
    }
  }

  dispose() {
    meters.delete(this);
  }

  /** Silence (offline). */
  clear() {
    this.peakTarget.fill(-120);
    this.rmsTarget.fill(-120);
    this.dirty = true;
  }

  draw(dt) {
    let moving = this.dirty;
    for (let i = 0; i < this.bars; i++) {
      const fallen = this.peak[i] - FALL_DB_PER_S * dt;
      const next = Math.max(this.peakTarget[i], fallen);
      if (next !== this.peak[i]) moving = true;
      this.peak[i] = Math.max(next, -120);
      this.holdAge[i] += dt;
      if (this.peak[i] >= this.hold[i] || this.holdAge[i] > HOLD_S) {
        if (this.hold[i] !== this.peak[i]) moving = true;
        this.hold[i] = this.peak[i];
        this.holdAge[i] = 0;
      }
    }
    if (!fit(this.canvas) && !moving) return;
    this.dirty = false;
    const ctx = this.canvas.getContext('2d');
    const W = this.canvas.width, H = this.canvas.height;
    ctx.fillStyle = C_BG;
    ctx.fillRect(0, 0, W, H);
    const len = this.horizontal ? W : H;
    const across = this.horizontal ? H : W;
    const gap = this.bars > 1 ? Math.max(1, Math.round(across * 0.08)) : 0;
    const bw = (across - gap * (this.bars - 1)) / this.bars;
    const rect = (a0, a1, b0, bsz) => {
      // a: along the scale (0 = floor), b: across
      if (this.horizontal) ctx.fillRect(a0, b0, a1 - a0, bsz);
      else ctx.fillRect(b0, H - a1, bsz, a1 - a0);
    };
    ctx.fillStyle = C_TICK;
    for (const db of METER_MARKS.slice(1, -1)) rect(Math.round(meterFraction(db) * len), Math.round(meterFraction(db) * len) + 1, 0, across);
    for (let i = 0; i < this.bars; i++) {
      const b0 = i * (bw + gap);
      for (const [layer, alpha] of [[this.peak[i], 0.45], [Math.min(this.rmsTarget[i], this.peak[i]), 1]]) {
        ctx.globalAlpha = alpha;
        const top = meterFraction(layer) * len;
        const zones = [[FLOOR_DB, -18, C_GREEN], [-18, -6, C_YELLOW], [-6, 0, C_RED]];
        for (const [lo, hi, col] of zones) {
          const a0 = meterFraction(lo) * len, a1 = Math.min(top, meterFraction(hi) * len);
          if (a1 > a0) { ctx.fillStyle = col; rect(a0, a1, b0, bw); }
        }
      }
      ctx.globalAlpha = 1;
      if (this.hold[i] > FLOOR_DB) {
        const a = meterFraction(this.hold[i]) * len;
        ctx.fillStyle = zoneColour(this.hold[i]);
        rect(Math.max(0, a - 2), a, b0, bw);
      }
    }
  }
}

/** A dBFS label with a real minus sign: "0", "−6", "−18". */
export function dbLabel(db) {
  return db === 0 ? '0' : `−${-db}`;
}

/**
 * A meter's own dBFS scale beside its canvas: one label per {@link METER_MARKS} at the height the
 * meter draws that level (−60…0 linear in dB), coloured by the zone it marks. Never the fader's marks.
 */
export function meterScale(className = 'meter-scale') {
  const scale = document.createElement('div');
  scale.className = className;
  for (const db of METER_MARKS) {
    const m = document.createElement('span');
    m.textContent = dbLabel(db);
    m.dataset.db = String(db);
    m.style.bottom = `${meterFraction(db) * 100}%`;
    m.style.color = db >= -6 ? C_RED : db >= -18 ? C_YELLOW : C_GREEN;
    scale.appendChild(m);
  }
  return scale;
}

/** Gain reduction (dB ≤ 0) drawn downwards from the top in orange; 0…−24 dB. */
export class GrMeter {
  constructor(canvas, bars = 1) {
    this.canvas = canvas;
    this.bars = bars;
    this.gr = new Float64Array(bars);
    this.dirty = true;
    meters.add(this);
  }

  set(i, grDb) {
    const v = Math.min(0, Number.isFinite(grDb) ? grDb : 0);
    if (v !== this.gr[i]) { this.gr[i] = v; this.dirty = true; }
  }

  dispose() {
    meters.delete(this);
  }

  clear() {
    this.gr.fill(0);
    this.dirty = true;
  }

  draw() {
    if (!fit(this.canvas) && !this.dirty) return;
    this.dirty = false;
    const ctx = this.canvas.getContext('2d');
    const W = this.canvas.width, H = this.canvas.height;
    ctx.fillStyle = C_BG;
    ctx.fillRect(0, 0, W, H);
    const gap = this.bars > 1 ? 1 : 0;
    const bw = (W - gap * (this.bars - 1)) / this.bars;
    ctx.fillStyle = C_ORANGE;
    for (let i = 0; i < this.bars; i++) {
      const h = Math.min(1, -this.gr[i] / GR_RANGE_DB) * H;
      ctx.fillRect(i * (bw + gap), 0, bw, h);
    }
  }
}

/**
 * One labelled gain-reduction indicator (a strip's gate or compressor): its name, a bar drawn from
 * the right towards the left in orange (0…−24 dB, full width = −24) and the reduction in dB.
 */
export class GrBar {
  constructor(label, title) {
    this.el = document.createElement('div');
    this.el.className = 'gr-bar';
    this.el.title = title;
    const name = document.createElement('span');
    name.className = 'gr-name';
    name.textContent = label;
    this.canvas = document.createElement('canvas');
    this.valueEl = document.createElement('span');
    this.valueEl.className = 'gr-value';
    this.el.append(name, this.canvas, this.valueEl);
    this.gr = 0;
    this.shown = null;
    this.dirty = true;
    this.setText(0);
    meters.add(this);
  }

  set(grDb) {
    const v = Math.min(0, Number.isFinite(grDb) ? grDb : 0);
    if (v !== this.gr) { this.gr = v; this.dirty = true; }
  }

  setText(v) {
    const t = v > -0.05 ? '0' : `−${(-v).toFixed(1)}`;
    if (t !== this.shown) {
      this.shown = t;
      this.valueEl.textContent = t;
      this.el.dataset.gr = String(v);
    }
  }

  dispose() {
    meters.delete(this);
  }

  clear() {
    this.set(0);
  }

  draw() {
    if (!fit(this.canvas) && !this.dirty) return;
    this.dirty = false;
    this.setText(this.gr);
    const ctx = this.canvas.getContext('2d');
    const W = this.canvas.width, H = this.canvas.height;
    ctx.fillStyle = C_BG;
    ctx.fillRect(0, 0, W, H);
    const w = Math.min(1, -this.gr / GR_RANGE_DB) * W;
    ctx.fillStyle = C_ORANGE;
    ctx.fillRect(W - w, 0, w, H);
  }
}

/** Registers a custom drawable ({canvas, draw(dt)}) with the 30 fps loop. */
export function animate(drawable) {
  meters.add(drawable);
  return () => meters.delete(drawable);
}
