// The engineer's tools (docs/tools.md): the TOOLS view with the oscillator (sine, pink or white
// noise into the main and any bus) and the talkback set-up; the oscillator's warning on every view —
// a red banner under the top bar and a lit OSC button while it runs, so nobody leaves a tone running
// into the PA; and the big TALK button in the top bar (tablet and phone), momentary or latched.

import { Knob } from './knob.js';
import { Choice, Toggle } from './buttons.js';
import { onTap, ui } from './gesture.js';
import { drawRta } from './rta.js';
import { animate } from './meter.js';

const TYPE_NAMES = { sine: 'sine', pink: 'pink noise', white: 'white noise' };

function dbText(v) {
  return v <= -90 ? '−∞ dBFS' : `${v.toFixed(1).replace('-', '−')} dBFS`;
}

/** A one-line description of what the oscillator is doing: "pink noise at −20.0 dBFS into Main, Wedge". */
export function oscSummary(store) {
  const type = store.get('osc/type') || 'sine';
  const what = type === 'sine' ? `${Math.round(store.num('osc/freq'))} Hz sine` : TYPE_NAMES[type] || type;
  const dest = [];
  if (store.bool('osc/main')) dest.push('Main');
  store.layout.buses.forEach((b, i) => { if (store.bool(`osc/bus/${i + 1}`)) dest.push(b.name); });
  return `${what} at ${dbText(store.num('osc/level'))} into ${dest.length ? dest.join(', ') : 'nothing'}`;
}

export class ToolsView {
  constructor(app) {
    this.app = app;
    this.root = document.getElementById('toolsview');
    this.controls = [];
    this.unsubs = [];
    this.banner = document.getElementById('osc-banner');
    this.topButton = document.getElementById('osc');
    onTap(this.topButton, () => app.showView('tools'));
    onTap(this.banner.querySelector('.osc-off'), () => app.conn.setNow('osc/on', false));
    this.talkButton = document.getElementById('talk');
    this.holding = false;
    this.wireTalk();
  }

  /**
   * TALK: in momentary mode talking lasts while a finger (or the mouse) holds the button; in latch
   * mode a tap switches it on and the next tap off. The lock and the offline state disable it.
   * A page that goes away while holding lets go (app.js calls releaseTalk).
   */
  wireTalk() {
    const b = this.talkButton;
    const blocked = () => ui.locked || document.body.classList.contains('offline');
    const latch = () => this.app.store.get('talkback/mode') === 'latch';
    b.addEventListener('pointerdown', (e) => {
      if (blocked() || latch()) return;
      e.preventDefault();
      try { b.setPointerCapture(e.pointerId); } catch (err) { /* a synthetic pointer cannot be captured */ }
      this.holding = true;
      this.renderTalk(true);
      this.app.conn.setNow('talkback/talk', true);
    });
    const up = () => this.releaseTalk();
    b.addEventListener('pointerup', up);
    b.addEventListener('pointercancel', up);
    b.addEventListener('lostpointercapture', up);
    b.addEventListener('contextmenu', (e) => e.preventDefault()); // a long press is talking, not a menu
    onTap(b, () => {
      if (!latch()) return;
      const next = !this.app.store.bool('talkback/talk');
      this.renderTalk(next);
      this.app.conn.setNow('talkback/talk', next);
    });
  }

  /** Ends a momentary talk that this tablet holds. */
  releaseTalk() {
    if (!this.holding) return;
    this.holding = false;
    this.app.conn.setNow('talkback/talk', false);
  }

  /** TALK is shown when the console has a talkback source and this user may talk. */
  applyTalkAccess() {
    const layout = this.app.store.layout;
    const role = this.app.role;
    const allowed = !role || role.role === 'admin' || role.role === 'engineer' || (role.role === 'monitor' && role.talkback === true);
    this.talkButton.hidden = !(layout.talkback && allowed);
  }

  renderTalk(on) {
    this.talkButton.classList.toggle('on', on);
    this.talkButton.setAttribute('aria-pressed', String(on));
    document.body.classList.toggle('talking', on);
  }

  build() {
    const { store, conn } = this.app;
    for (const c of this.controls) { if (c.unsub) c.unsub(); if (c.unsubTouch) c.unsubTouch(); }
    for (const u of this.unsubs) u();
    this.controls = [];
    this.unsubs = [];
    this.root.textContent = '';

    const osc = document.createElement('section');
    osc.className = 'panel tools-osc';
    osc.innerHTML = '<header><h3>Oscillator</h3></header><div class="panel-body"></div><div class="panel-body osc-dest"></div>';
    const body = osc.querySelector('.panel-body');
    const on = new Toggle(store, conn, 'osc/on', 'OSC ON', 'osc-on');
    const type = new Choice(store, conn, 'osc/type', [['sine', 'SINE'], ['pink', 'PINK'], ['white', 'WHITE']]);
    const freq = new Knob(store, conn, 'osc/freq', 'FREQ');
    const level = new Knob(store, conn, 'osc/level', 'LEVEL');
    body.append(on.el, type.el, freq.el, level.el);
    const dest = osc.querySelector('.osc-dest');
    const label = document.createElement('span');
    label.className = 'osc-dest-label';
    label.textContent = 'INTO';
    dest.appendChild(label);
    const toMain = new Toggle(store, conn, 'osc/main', 'MAIN');
    dest.appendChild(toMain.el);
    this.controls.push(on, type, freq, level, toMain);
    store.layout.buses.forEach((b, i) => {
      const t = new Toggle(store, conn, `osc/bus/${i + 1}`, b.name.toUpperCase());
      dest.appendChild(t.el);
      this.controls.push(t);
    });
    this.root.appendChild(osc);
    this.root.appendChild(this.buildTalkback());
    this.root.appendChild(this.buildRta());

    // The warning follows every value it names.
    const paths = ['osc/on', 'osc/type', 'osc/freq', 'osc/level', 'osc/main', ...store.layout.buses.map((b, i) => `osc/bus/${i + 1}`)];
    for (const p of paths) this.unsubs.push(store.on(p, () => this.renderWarning()));
    this.renderWarning();
    this.unsubs.push(store.on('talkback/talk', (v) => this.renderTalk(v === true)));
    this.applyTalkAccess();
  }

  /** What the RTA panel wants to see: {source, bands, averaging}. */
  rtaSelection() {
    return { ...this.rtaSel };
  }

  setRta(frame, centres) {
    this.rtaFrame = frame;
    this.rtaCentres = centres;
    this.rtaDirty = true;
  }

  buildRta() {
    const { store } = this.app;
    if (!this.rtaSel) this.rtaSel = { source: 'main', bands: 3, averaging: 'fast' };
    const p = document.createElement('section');
    p.className = 'panel tools-rta';
    p.innerHTML = '<header><h3>RTA</h3></header><div class="panel-body rta-controls"></div><canvas class="rta-canvas"></canvas>';
    const controls = p.querySelector('.rta-controls');
    const sel = document.createElement('select');
    sel.className = 'rta-source';
    sel.setAttribute('aria-label', 'RTA source');
    sel.appendChild(new Option('Main', 'main'));
    sel.appendChild(new Option('Monitor', 'monitor'));
    store.layout.buses.forEach((b, i) => sel.appendChild(new Option(`Bus ${i + 1}: ${b.name}`, `bus/${i + 1}`)));
    for (let i = 1; i <= (store.layout.fx || 0); i++) sel.appendChild(new Option(`FX ${i} return`, `fxret/${i}`));
    store.layout.channels.forEach((c, i) => {
      sel.appendChild(new Option(`Ch ${i + 1}: ${c.name} (input)`, `ch/${i + 1}`));
      sel.appendChild(new Option(`Ch ${i + 1}: ${c.name} (pre-EQ)`, `ch/${i + 1}/pre-eq`));
      sel.appendChild(new Option(`Ch ${i + 1}: ${c.name} (post-EQ)`, `ch/${i + 1}/post-eq`));
    });
    sel.value = this.rtaSel.source;
    sel.addEventListener('change', () => { this.rtaSel.source = sel.value; this.app.updateRta(); });
    controls.appendChild(sel);
    const group = (name, options, key) => {
      const g = document.createElement('div');
      g.className = 'choice';
      g.dataset.rta = name;
      for (const [value, label] of options) {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = label;
        b.dataset.value = String(value);
        b.classList.toggle('on', this.rtaSel[key] === value);
        onTap(b, () => {
          this.rtaSel[key] = value;
          for (const o of g.children) o.classList.toggle('on', o === b);
          this.app.updateRta();
        });
        g.appendChild(b);
      }
      controls.appendChild(g);
    };
    group('bands', [[3, '1/3'], [6, '1/6'], [12, '1/12']], 'bands');
    group('averaging', [['fast', 'FAST'], ['slow', 'SLOW'], ['long', 'LONG']], 'averaging');
    this.rtaCanvas = p.querySelector('canvas');
    this.canvas = this.rtaCanvas; // the animation loop draws only while it is on screen
    this.rtaDirty = true;
    if (!this.rtaAnimating) {
      this.rtaAnimating = true;
      animate(this);
    }
    return p;
  }

  /** Called by the meter animation loop: redraws the RTA when a new frame came. */
  draw() {
    const cv = this.rtaCanvas;
    if (!cv || !this.rtaDirty || this.app.view !== 'tools') return;
    this.rtaDirty = false;
    const dpr = window.devicePixelRatio || 1;
    const W = Math.round(cv.clientWidth * dpr), H = Math.round(cv.clientHeight * dpr);
    if (W < 2 || H < 2) return;
    if (cv.width !== W || cv.height !== H) { cv.width = W; cv.height = H; }
    const c = cv.getContext('2d');
    c.fillStyle = '#0b0d10';
    c.fillRect(0, 0, W, H);
    const x = (f, w) => (Math.log(f / 20) / Math.log(1000)) * w;
    c.font = `${11 * dpr}px system-ui, sans-serif`;
    c.fillStyle = '#8b929c';
    c.strokeStyle = '#1c2027';
    for (const f of [20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000]) {
      const px = Math.round(x(f, W)) + 0.5;
      c.beginPath(); c.moveTo(px, 0); c.lineTo(px, H); c.stroke();
      c.fillText(f >= 1000 ? `${f / 1000}k` : String(f), px + 3 * dpr, H - 4 * dpr);
    }
    for (const db of [-80, -60, -40, -20]) {
      const py = Math.round(H - ((db + 90) / 90) * H) + 0.5;
      c.beginPath(); c.moveTo(0, py); c.lineTo(W, py); c.stroke();
      c.fillText(`${db}`.replace('-', '−'), 3 * dpr, py - 3 * dpr);
    }
    drawRta(c, this.rtaFrame, this.rtaCentres, x, W, H, 1);
  }

  buildTalkback() {
    const { store, conn } = this.app;
    const tb = document.createElement('section');
    tb.className = 'panel tools-talkback';
    tb.innerHTML = '<header><h3>Talkback</h3><span class="tb-source"></span></header><div class="panel-body"></div><div class="panel-body tb-dest"></div>';
    tb.querySelector('.tb-source').textContent = store.layout.talkback ? '' : 'no source: set layout.talkback in the configuration';
    const body = tb.querySelector('.panel-body');
    const mode = new Choice(store, conn, 'talkback/mode', [['momentary', 'MOMENTARY'], ['latch', 'LATCH']]);
    const level = new Knob(store, conn, 'talkback/level', 'LEVEL');
    const dim = new Knob(store, conn, 'talkback/dim/level', 'DIM');
    const dimMain = new Toggle(store, conn, 'talkback/dim/main', 'DIM MAIN');
    const dimMon = new Toggle(store, conn, 'talkback/dim/monitor', 'DIM MON');
    body.append(mode.el, level.el, dim.el, dimMain.el, dimMon.el);
    const dest = tb.querySelector('.tb-dest');
    const label = document.createElement('span');
    label.className = 'osc-dest-label';
    label.textContent = 'TO';
    dest.appendChild(label);
    const toMain = new Toggle(store, conn, 'talkback/main', 'MAIN');
    dest.appendChild(toMain.el);
    this.controls.push(mode, level, dim, dimMain, dimMon, toMain);
    store.layout.buses.forEach((b, i) => {
      const t = new Toggle(store, conn, `talkback/bus/${i + 1}`, b.name.toUpperCase());
      dest.appendChild(t.el);
      this.controls.push(t);
    });
    return tb;
  }

  /** The banner on every view and the lit OSC button, while the oscillator is on. */
  renderWarning() {
    const { store } = this.app;
    const on = store.bool('osc/on');
    this.topButton.classList.toggle('live', on);
    this.topButton.setAttribute('aria-pressed', String(on));
    this.banner.hidden = !on;
    if (on) this.banner.querySelector('.osc-text').textContent = oscSummary(store);
    document.body.classList.toggle('osc-live', on);
    document.body.style.setProperty('--osc-h', on ? `${this.banner.offsetHeight}px` : '0px');
  }
}
