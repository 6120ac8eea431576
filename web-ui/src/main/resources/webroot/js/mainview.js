// Main view: the main bus large with its stereo meter, the loudness meter (EBU R128: momentary and
// short-term bars in LUFS against a target line, integrated, LRA, true peak, correlation), the
// mastering chain (EQ, bus compressor, width, true-peak limiter), the monitor (solo) section, and
// the bus masters.

import { Strip } from './strip.js';
import { Knob } from './knob.js';
import { Choice, Toggle } from './buttons.js';
import { LevelMeter, GrMeter, meterScale } from './meter.js';
import { BUS, LOUD, STAGE, SILENCE_DB } from './meterframe.js';
import { onTap } from './gesture.js';

/** The LUFS bars' scale: −50 … −5 LUFS (the targets and the usual programme sit well inside). */
const LU_MIN = -50;
const LU_MAX = -5;
const TARGETS = [[-23, '−23', 'EBU R128 broadcast'], [-16, '−16', 'podcast'], [-14, '−14', 'streaming']];
const TARGET_KEY = 'jackdesk.loudnessTarget';

function fmtLufs(v) {
  return v <= SILENCE_DB + 1 ? '—' : v.toFixed(1).replace('-', '−');
}

function luPos(v) {
  return Math.max(0, Math.min(1, (v - LU_MIN) / (LU_MAX - LU_MIN))) * 100;
}

export class MainView {
  constructor(app) {
    this.app = app;
    this.root = document.getElementById('mainview');
    this.list = [];
    this.controls = [];
  }

  strips() {
    return this.list;
  }

  build() {
    const { store, conn } = this.app;
    for (const s of this.list) s.dispose();
    for (const c of this.controls) { if (c.unsub) c.unsub(); if (c.unsubTouch) c.unsubTouch(); }
    if (this.bigMeter) this.bigMeter.dispose();
    if (this.mainGr) this.mainGr.dispose();
    this.mainGr = null;
    for (const g of this.bandGr || []) g.dispose();
    this.bandGr = null;
    this.shapeGain = null;
    this.loudBars = null;
    this.list = [];
    this.controls = [];
    this.root.textContent = '';
    const main = new Strip(this.app, 'main', 0, { name: 'Main' });
    this.list.push(main);
    const big = document.createElement('div');
    big.className = 'main-big';
    const cv = document.createElement('canvas');
    cv.className = 'meter-big';
    this.bigMeter = new LevelMeter(cv, 2, false);
    const scale = meterScale('meter-scale'); // dBFS with real minus signs, in the meter's own zones
    this.peakText = document.createElement('div');
    this.peakText.className = 'main-peak';
    const col = document.createElement('div');
    col.className = 'meter-col';
    const bar = document.createElement('div');
    bar.className = 'meter-bar';
    bar.append(cv, scale);
    col.append(this.peakText, bar);
    big.append(main.el, col);
    this.root.appendChild(big);

    const mid = document.createElement('div');
    mid.className = 'main-mid';
    mid.append(this.buildLoudness(), this.buildMastering());
    this.root.appendChild(mid);

    const mon = document.createElement('section');
    mon.className = 'panel monitor';
    mon.innerHTML = '<header><h3>Monitor (solo)</h3></header><div class="panel-body"></div>';
    const body = mon.querySelector('.panel-body');
    const lvl = new Knob(store, conn, 'monitor/level', 'LEVEL');
    const mode = new Choice(store, conn, 'monitor/mode', [['pfl', 'PFL'], ['afl', 'AFL']]);
    this.monMeter = new LevelMeter(document.createElement('canvas'), 2, true);
    this.monMeter.canvas.className = 'meter-mon';
    body.append(lvl.el, mode.el, this.monMeter.canvas);
    this.controls.push(lvl, mode);
    this.root.appendChild(mon);

    const buses = document.createElement('div');
    buses.className = 'main-buses';
    store.layout.buses.forEach((b, i) => {
      const s = new Strip(this.app, 'bus', i + 1, b);
      this.list.push(s);
      buses.appendChild(s.el);
    });
    this.root.appendChild(buses);
  }

  /** Loudness panel: M and S bars with the target line, I / LRA / TP / correlation as numbers. */
  buildLoudness() {
    const p = document.createElement('section');
    p.className = 'panel loudness';
    p.innerHTML = `<header><h3>Loudness</h3><span class="loud-target-label">TARGET</span><div class="choice loud-target"></div><span class="spacer"></span>
      <button type="button" class="loud-reset">RESET</button></header>
      <div class="panel-body"><div class="loud-bars"></div><dl class="loud-nums"></dl></div>`;
    this.target = Number(localStorage.getItem(TARGET_KEY)) || -23;
    const choice = p.querySelector('.loud-target');
    this.targetButtons = [];
    for (const [lufs, label, what] of TARGETS) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = label;
      b.title = `Target ${label} LUFS (${what})`;
      b.dataset.value = String(lufs);
      onTap(b, () => this.setTarget(lufs));
      this.targetButtons.push(b);
      choice.appendChild(b);
    }
    onTap(p.querySelector('.loud-reset'), () => this.app.conn.send({ op: 'reset', meters: 'loudness' }));
    const bars = p.querySelector('.loud-bars');
    this.loudBars = {};
    for (const [key, label] of [['m', 'M'], ['s', 'S']]) {
      const bar = document.createElement('div');
      bar.className = `loud-bar loud-${key}`;
      bar.innerHTML = '<div class="loud-fill"></div><div class="loud-line"></div><span class="loud-name"></span>';
      bar.querySelector('.loud-name').textContent = label;
      bars.appendChild(bar);
      this.loudBars[key] = bar;
    }
    const scale = document.createElement('div');
    scale.className = 'loud-scale';
    for (let v = LU_MAX; v >= LU_MIN; v -= 5) {
      const m = document.createElement('span');
      m.textContent = String(v).replace('-', '−');
      m.style.bottom = `${luPos(v)}%`;
      scale.appendChild(m);
    }
    bars.appendChild(scale);
    const nums = p.querySelector('.loud-nums');
    this.loudNums = {};
    for (const [key, label, unit] of [['i', 'Integrated', 'LUFS'], ['s', 'Short-term', 'LUFS'], ['m', 'Momentary', 'LUFS'],
      ['lra', 'Range', 'LU'], ['tp', 'True peak', 'dBTP'], ['corr', 'Correlation', '']]) {
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.className = `loud-${key}`;
      dd.dataset.unit = unit;
      dd.textContent = '—';
      nums.append(dt, dd);
      this.loudNums[key] = dd;
    }
    this.setTarget(this.target);
    return p;
  }

  setTarget(lufs) {
    this.target = lufs;
    try { localStorage.setItem(TARGET_KEY, String(lufs)); } catch (e) { /* private mode: keep it for this page */ }
    for (const b of this.targetButtons) b.classList.toggle('on', Number(b.dataset.value) === lufs);
    for (const bar of Object.values(this.loudBars)) bar.querySelector('.loud-line').style.bottom = `${luPos(lufs)}%`;
  }

  /**
   * The main mastering chain in its order: EQ (6 bands; the middle four on both channels, the mid
   * or the side), multiband compressor, bus compressor, transient shaper, width, limiter, with
   * the compressor's and limiter's gain reduction.
   */
  buildMastering() {
    const { store, conn } = this.app;
    const p = document.createElement('section');
    p.className = 'panel mastering';
    p.innerHTML = '<header><h3>Main chain</h3><canvas class="main-gr" title="Compressor and limiter gain reduction"></canvas></header><div class="panel-body"></div>';
    this.mainGr = new GrMeter(p.querySelector('.main-gr'), 2);
    const body = p.querySelector('.panel-body');
    const add = (ctl) => { this.controls.push(ctl); return ctl.el; };
    const row = (title, ...els) => {
      const r = document.createElement('div');
      r.className = 'chain-row';
      const h = document.createElement('span');
      h.className = 'chain-title';
      h.textContent = title;
      r.append(h, ...els);
      body.appendChild(r);
    };
    const has = (path) => store.schema.has(path);
    if (!has('main/eq/on')) {
      body.textContent = 'This server has no main-bus chain.';
      return p;
    }
    const knob = (path, label) => add(new Knob(store, conn, path, label));
    row('EQ', add(new Toggle(store, conn, 'main/eq/on', 'EQ')),
      add(new Toggle(store, conn, 'main/eq/1/on', 'LO CUT')), knob('main/eq/1/freq', 'CUT'),
      knob('main/eq/2/gain', 'LOW'), knob('main/eq/3/gain', 'LO MID'), knob('main/eq/3/freq', 'FREQ'),
      knob('main/eq/4/gain', 'HI MID'), knob('main/eq/4/freq', 'FREQ'), knob('main/eq/5/gain', 'HIGH'),
      add(new Toggle(store, conn, 'main/eq/6/on', 'HI CUT')), knob('main/eq/6/freq', 'CUT'));
    const choice = (path, labels) => add(new Choice(store, conn, path, labels));
    const ms = [['stereo', 'L+R'], ['mid', 'M'], ['side', 'S']];
    if (has('main/eq/2/ms')) {
      const names = { 2: 'LOW', 3: 'LO MID', 4: 'HI MID', 5: 'HIGH' };
      const cells = [];
      for (const b of [2, 3, 4, 5]) {
        const cell = document.createElement('span');
        cell.className = 'ms-cell';
        const l = document.createElement('span');
        l.className = 'knob-label';
        l.textContent = names[b];
        cell.append(l, choice(`main/eq/${b}/ms`, ms));
        cells.push(cell);
      }
      row('EQ M/S', ...cells);
    }
    if (has('main/multiband/on')) {
      row('MULTI', add(new Toggle(store, conn, 'main/multiband/on', 'MULTI')),
        choice('main/multiband/bands', [['3', '3 BANDS'], ['4', '4 BANDS']]),
        choice('main/multiband/mode', [['stereo', 'LINK'], ['midside', 'M/S']]),
        knob('main/multiband/xover/1', 'X 1'), knob('main/multiband/xover/2', 'X 2'), knob('main/multiband/xover/3', 'X 3'));
      this.bandGr = [];
      for (const b of [1, 2, 3, 4]) {
        const p0 = `main/multiband/${b}/`;
        // the band's live gain reduction beside its controls (the meter frame's stages section)
        const gr = document.createElement('canvas');
        gr.className = 'stage-gr';
        gr.dataset.band = String(b);
        gr.title = `Band ${b} gain reduction`;
        this.bandGr.push(new GrMeter(gr, 1));
        row(`BAND ${b}`, gr, knob(p0 + 'threshold', 'THR'), knob(p0 + 'ratio', 'RATIO'), knob(p0 + 'attack', 'ATT'),
          knob(p0 + 'release', 'REL'), knob(p0 + 'gain', 'GAIN'),
          add(new Toggle(store, conn, p0 + 'solo', 'SOLO', 'solo')), add(new Toggle(store, conn, p0 + 'bypass', 'BYP')));
      }
    }
    row('COMP', add(new Toggle(store, conn, 'main/comp/on', 'COMP')), knob('main/comp/threshold', 'THR'),
      knob('main/comp/ratio', 'RATIO'), knob('main/comp/attack', 'ATT'), knob('main/comp/release', 'REL'),
      knob('main/comp/makeup', 'GAIN'), knob('main/comp/mix', 'MIX'),
      add(new Toggle(store, conn, 'main/comp/autorelease', 'AUTO')));
    if (has('main/transient/on')) {
      // the shaper's gain lifts as well as cuts: a signed readout, not a reduction bar
      this.shapeGain = document.createElement('span');
      this.shapeGain.className = 'stage-gain';
      this.shapeGain.title = 'Transient shaper gain now (dB)';
      this.shapeGain.textContent = '0.0';
      row('SHAPE', add(new Toggle(store, conn, 'main/transient/on', 'SHAPE')), knob('main/transient/attack', 'ATTACK'),
        knob('main/transient/sustain', 'SUSTAIN'), this.shapeGain);
    }
    row('OUT', knob('main/width', 'WIDTH'), add(new Toggle(store, conn, 'main/limiter/on', 'LIMIT')),
      knob('main/limiter/ceiling', 'CEIL'), knob('main/limiter/release', 'REL'));
    return p;
  }

  loudness(f) {
    if (!f.hasLoudness || !this.loudBars) return;
    const m = f.loudness(LOUD.MOMENTARY), s = f.loudness(LOUD.SHORT_TERM);
    for (const [key, v] of [['m', m], ['s', s]]) {
      const bar = this.loudBars[key];
      bar.querySelector('.loud-fill').style.height = `${v <= SILENCE_DB + 1 ? 0 : luPos(v)}%`;
      bar.classList.toggle('over', v > this.target + 1);
      bar.dataset.lufs = String(v);
    }
    const set = (key, text) => { if (this.loudNums[key].textContent !== text) this.loudNums[key].textContent = text; };
    set('i', fmtLufs(f.loudness(LOUD.INTEGRATED)));
    set('s', fmtLufs(s));
    set('m', fmtLufs(m));
    set('lra', f.loudness(LOUD.INTEGRATED) <= SILENCE_DB + 1 ? '—' : f.loudness(LOUD.RANGE).toFixed(1));
    set('tp', fmtLufs(f.loudness(LOUD.TRUE_PEAK)));
    const c = f.loudness(LOUD.CORRELATION);
    set('corr', (c >= 0 ? '+' : '−') + Math.abs(c).toFixed(2));
    this.loudNums.corr.classList.toggle('bad', c < 0);
    this.loudNums.tp.classList.toggle('bad', f.loudness(LOUD.TRUE_PEAK) > -1);
    if (this.mainGr) {
      this.mainGr.set(0, f.main(BUS.COMP_GR));
      this.mainGr.set(1, f.main(BUS.LIMITER_GR));
    }
    if (f.hasStages && this.bandGr) {
      for (let b = 0; b < this.bandGr.length; b++) {
        this.bandGr[b].set(0, f.stage(STAGE.MB_1 + b));
        this.bandGr[b].canvas.dataset.gr = f.stage(STAGE.MB_1 + b).toFixed(1);
      }
    }
    if (f.hasStages && this.shapeGain) {
      const g = f.stage(STAGE.TRANSIENT);
      const text = (g > 0.05 ? '+' : g < -0.05 ? '\u2212' : '') + Math.abs(g).toFixed(1);
      if (this.shapeGain.textContent !== text) this.shapeGain.textContent = text;
    }
  }

  meters(f) {
    this.loudness(f);
    for (const s of this.list) s.meters(f);
    if (this.bigMeter) {
      this.bigMeter.set(0, f.main(BUS.PEAK_L), f.main(BUS.RMS_L));
      this.bigMeter.set(1, f.main(BUS.PEAK_R), f.main(BUS.RMS_R));
      const fmt = (db) => (db <= -119 ? '−∞' : db.toFixed(1).replace('-', '−'));
      const text = `${fmt(f.main(BUS.HOLD_L))}  ${fmt(f.main(BUS.HOLD_R))}`;
      if (this.peakText.textContent !== text) this.peakText.textContent = text;
      this.monMeter.set(0, f.monitor(BUS.PEAK_L), f.monitor(BUS.RMS_L));
      this.monMeter.set(1, f.monitor(BUS.PEAK_R), f.monitor(BUS.RMS_R));
    }
  }
}
