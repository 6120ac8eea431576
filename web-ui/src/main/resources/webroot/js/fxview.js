// The FX view (docs/fx.md): one panel per FX slot with its effect type and the main controls of that
// type as knobs — decay, pre-delay, size, damping, width for the reverbs; time, feedback, cuts, mode,
// note sync, tempo and a big TAP button that flashes at the tempo for the delay; rate, depth and mix
// for the chorus. The returns are a fader bank in the mixer; the sends are on faders ("Sends: FX n").

import { Knob } from './knob.js';
import { Choice } from './buttons.js';
import { onTap } from './gesture.js';

const TYPES = [['off', 'OFF'], ['hall', 'HALL'], ['room', 'ROOM'], ['plate', 'PLATE'], ['delay', 'DELAY'], ['chorus', 'CHORUS']];
const SYNC = ['off', '1/1', '1/2', '1/2d', '1/2t', '1/4', '1/4d', '1/4t', '1/8', '1/8d', '1/8t', '1/16', '1/16d', '1/16t'];

/** The knobs each type shows: [path under fx/N/, label]. */
const KNOBS = {
  hall: [['reverb/decay', 'DECAY'], ['reverb/predelay', 'PRE-DLY'], ['reverb/size', 'SIZE'], ['reverb/damping', 'DAMP'],
    ['reverb/dampfreq', 'HF FRQ'], ['reverb/bass', 'BASS'], ['reverb/width', 'WIDTH']],
  plate: [['reverb/decay', 'DECAY'], ['reverb/predelay', 'PRE-DLY'], ['reverb/size', 'SIZE'], ['reverb/damping', 'DAMP'],
    ['reverb/width', 'WIDTH']],
  delay: [['delay/time', 'TIME'], ['delay/feedback', 'FDBK'], ['delay/lowcut', 'LO CUT'], ['delay/highcut', 'HI CUT'], ['tempo', 'TEMPO']],
  chorus: [['chorus/rate', 'RATE'], ['chorus/depth', 'DEPTH'], ['chorus/mix', 'MIX']],
};
KNOBS.room = KNOBS.hall;

export class FxView {
  constructor(app) {
    this.app = app;
    this.root = document.getElementById('fxview');
    this.slots = [];
  }

  build() {
    for (const s of this.slots) s.dispose();
    this.slots = [];
    this.root.textContent = '';
    const n = this.app.store.layout.fx || 0;
    if (!n) {
      const p = document.createElement('p');
      p.className = 'fx-none';
      p.textContent = 'This console has no FX slots (layout.fx in the configuration).';
      this.root.appendChild(p);
      return;
    }
    for (let i = 1; i <= n; i++) {
      const s = new FxSlot(this.app, i);
      this.slots.push(s);
      this.root.appendChild(s.el);
    }
  }
}

class FxSlot {
  constructor(app, n) {
    this.app = app;
    this.n = n;
    this.base = `fx/${n}/`;
    this.controls = [];
    this.unsubs = [];
    const { store, conn } = app;
    const el = (this.el = document.createElement('section'));
    el.className = 'panel fx-slot';
    el.dataset.slot = String(n);
    el.innerHTML = `<header><h3>FX ${n}</h3></header><div class="panel-body fx-knobs"></div>`;
    this.type = new Choice(store, conn, `${this.base}type`, TYPES);
    el.querySelector('header').appendChild(this.type.el);
    this.body = el.querySelector('.fx-knobs');
    this.unsubs.push(store.on(`${this.base}type`, () => this.renderType()));
    this.renderType();
  }

  typeNow() {
    return this.app.store.get(`${this.base}type`) || 'off';
  }

  renderType() {
    const t = this.typeNow();
    if (t === this.shown) return;
    this.shown = t;
    this.clearControls();
    this.el.dataset.type = t;
    const { store, conn } = this.app;
    if (t === 'off') {
      const p = document.createElement('span');
      p.className = 'fx-off';
      p.textContent = 'off — choose an effect';
      this.body.appendChild(p);
      return;
    }
    for (const [path, label] of KNOBS[t] || []) {
      const k = new Knob(store, conn, this.base + path, label);
      this.controls.push(k);
      this.body.appendChild(k.el);
    }
    if (t === 'delay') {
      const mode = new Choice(store, conn, `${this.base}delay/mode`, [['stereo', 'STEREO'], ['pingpong', 'PING-PONG']]);
      this.controls.push(mode);
      this.body.appendChild(mode.el);
      this.body.appendChild(this.syncSelect());
      this.body.appendChild(this.tapButton());
    }
  }

  /** The note value the delay follows at the tempo, or off (the time in ms). */
  syncSelect() {
    const { store, conn } = this.app;
    const path = `${this.base}delay/sync`;
    const sel = document.createElement('select');
    sel.className = 'fx-sync';
    sel.setAttribute('aria-label', 'Delay synced to the tempo');
    for (const v of SYNC) sel.appendChild(new Option(v === 'off' ? 'SYNC OFF' : v, v));
    sel.value = store.get(path) || 'off';
    sel.addEventListener('change', () => conn.setNow(path, sel.value));
    this.unsubs.push(store.on(path, (v) => { sel.value = v; }));
    this.extra = sel;
    return sel;
  }

  /** TAP: each tap is timed by the console; the button flashes at the tempo that results. */
  tapButton() {
    const { store, conn } = this.app;
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'fx-tap';
    b.textContent = 'TAP';
    b.title = 'Tap the beat: the tempo (and an unsynced delay time) follows the last taps';
    onTap(b, () => conn.setNow(`${this.base}tap`, true));
    const beat = () => {
      const bpm = store.num(`${this.base}tempo`) || 120;
      b.style.animationDuration = `${(60 / bpm).toFixed(4)}s`;
      b.dataset.bpm = String(Math.round(bpm * 10) / 10);
    };
    beat();
    this.unsubs.push(store.on(`${this.base}tempo`, beat));
    return b;
  }

  clearControls() {
    for (const c of this.controls) { if (c.unsub) c.unsub(); if (c.unsubTouch) c.unsubTouch(); }
    this.controls = [];
    // the sync select and the TAP button's subscriptions go with the type they belong to
    const keep = this.unsubs.slice(0, 1);
    for (const u of this.unsubs.slice(1)) u();
    this.unsubs = keep;
    this.body.textContent = '';
  }

  dispose() {
    this.clearControls();
    for (const u of this.unsubs) u();
    this.unsubs = [];
    if (this.type.unsub) this.type.unsub();
  }
}
