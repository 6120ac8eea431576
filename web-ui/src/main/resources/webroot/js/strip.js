// One channel strip, top to bottom as on a hardware console: name and colour, input meter with
// clip latch, gate and compressor gain reduction (each labelled), pan, mute (red), solo (yellow),
// fader with dB scale and its post-fader meter with its own dBFS scale, the value in dB, select.
// Bus, DCA and main strips reuse the same shape; buses and the main show an over latch. Clip and
// over lights show the server's latch: a tap clears it on the server, so every tablet sees it go.

import { Fader } from './fader.js';
import { Knob } from './knob.js';
import { Toggle } from './buttons.js';
import { LevelMeter, GrBar, meterScale } from './meter.js';
import { onTap } from './gesture.js';
import { formatPan } from './store.js';
import { CH, BUS } from './meterframe.js';
import { TapSwitch } from './reach.js';

export const PALETTE = ['#e5484d', '#f76b15', '#ffc53d', '#46a758', '#12a594', '#0090ff', '#8e4ec6', '#d6409f'];

/** The configuration's colour words (docs/configuration.md) on the dark background; "#rrggbb" is taken as is. */
export const COLOURS = {
  red: '#e5484d', orange: '#f76b15', yellow: '#ffc53d', green: '#46a758', cyan: '#12a594', blue: '#0090ff',
  purple: '#8e4ec6', pink: '#d6409f', white: '#e8e8e8', grey: '#8b8d98', off: '#3a3f47',
};

/** The colour bar of a strip: its configured colour, else the palette by position (a bare server sends none). */
export function stripColour(kind, index, configured) {
  if (typeof configured === 'string') {
    if (/^#[0-9a-fA-F]{6}$/.test(configured)) return configured;
    if (COLOURS[configured]) return COLOURS[configured];
  }
  if (kind === 'fxret' || kind === 'fxsend') return '#8e4ec6';
  return kind === 'ch' ? PALETTE[(index - 1) % PALETTE.length] : kind === 'main' ? '#e8e8e8' : kind === 'bus' ? '#5eb1ef' : '#a18072';
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * kind: 'ch' (index 1-based channel), 'bus', 'dca', 'main', 'fxret' (an FX return: fader, ON as an
 * inverted MUTE, balance; docs/fx.md) or 'fxsend' (an FX send bus's master, shown while its sends are
 * on the faders). info: {name, stereo}.
 * app: {store, conn, select(n)}.
 */
export class Strip {
  constructor(app, kind, index, info) {
    this.app = app;
    this.kind = kind;
    this.index = index;
    this.info = info || {};
    this.sendBus = null;
    const { store, conn } = app;
    const base = kind === 'main' ? 'main' : `${kind}/${index}`;
    this.base = base;
    const root = (this.el = el('div', `strip strip-${kind}`));
    root.dataset.strip = base;
    const colour = stripColour(kind, index, this.info.colour);
    root.style.setProperty('--strip-colour', colour);
    root.dataset.colour = colour;

    // The number, then the name: a DCA's number is its index, its name "DCA 1" or the configured one.
    const name = el('div', 'strip-name');
    const num = kind === 'fxret' || kind === 'fxsend' ? `FX ${index}` : `${kind.toUpperCase()} ${index}`;
    name.appendChild(el('span', 'strip-num', kind === 'ch' || kind === 'dca' ? String(index) : kind === 'main' ? '' : num));
    this.nameEl = el('span', 'strip-label', this.info.name || base);
    name.appendChild(this.nameEl);
    root.appendChild(name);
    if ((kind === 'ch' || kind === 'bus' || kind === 'dca') && app.labels) {
      // A tap on the name: rename and recolour (labels.js).
      name.setAttribute('role', 'button');
      name.title = 'tap to rename or recolour';
      onTap(name, () => app.labels.edit(base));
    }

    // Input meter and clip latch (a bus or the main: its over latch): tap the row to clear the latch.
    this.inRow = el('div', 'strip-in');
    if (kind === 'ch') {
      const c = el('canvas', 'meter-in');
      this.inMeter = new LevelMeter(c, 1, true);
      this.clipEl = el('span', 'clip', 'CLIP');
      this.inRow.append(c, this.clipEl);
      this.inRow.setAttribute('role', 'button');
      this.inRow.title = 'input meter; tap to clear the clip latch on every device';
      onTap(this.inRow, () => this.clearClip());
    } else if (kind === 'bus' || kind === 'main' || kind === 'fxret') {
      this.clipEl = el('span', 'clip over', 'OVER');
      this.inRow.append(this.clipEl);
      this.inRow.setAttribute('role', 'button');
      this.inRow.title = 'over latch (output reached 0 dBFS); tap to clear it on every device';
      onTap(this.inRow, () => this.clearClip());
    } else {
      this.inRow.classList.add('empty');
    }
    root.appendChild(this.inRow);

    if (kind === 'ch') {
      // Gate and compressor gain reduction, each its own labelled indicator.
      const gr = el('div', 'strip-gr');
      this.gateGr = new GrBar('GATE', 'gate/expander gain reduction, dB');
      this.compGr = new GrBar('COMP', 'compressor gain reduction, dB');
      gr.append(this.gateGr.el, this.compGr.el);
      root.appendChild(gr);
    }

    const panRow = el('div', 'strip-pan');
    if (kind === 'ch') {
      this.pan = new Knob(store, conn, `${base}/pan`, this.info.stereo ? 'BAL' : 'PAN', { bipolar: true, format: formatPan, small: true });
      panRow.appendChild(this.pan.el);
    } else if (kind === 'fxret') {
      this.pan = new Knob(store, conn, `${base}/balance`, 'BAL', { bipolar: true, format: formatPan, small: true });
      panRow.appendChild(this.pan.el);
    }
    root.appendChild(panRow);

    const btns = el('div', 'strip-buttons');
    // An FX return or send bus has an on switch: its MUTE is that switch inverted.
    const fxKind = kind === 'fxret' || kind === 'fxsend';
    this.mute = new Toggle(store, conn, fxKind ? `${base}/on` : `${base}/mute`, 'MUTE', 'mute', fxKind);
    btns.appendChild(this.mute.el);
    if (kind === 'ch' || kind === 'fxret') {
      this.solo = new Toggle(store, conn, `${base}/solo`, 'SOLO', 'solo');
      btns.appendChild(this.solo.el);
    }
    root.appendChild(btns);
    if (kind === 'ch') {
      // In sends mode: the send's tap, PRE or POST (shown only then).
      const tapRow = el('div', 'strip-tap');
      this.tap = new TapSwitch(store, conn);
      tapRow.appendChild(this.tap.el);
      root.appendChild(tapRow);
    }

    const fz = el('div', 'strip-fader');
    this.fader = new Fader(store, conn, `${base}/fader`);
    fz.appendChild(this.fader.el);
    if (kind !== 'dca' && kind !== 'fxsend') {
      // The post-fader meter with its own dBFS scale: it never borrows the fader's dB marks.
      const wrap = el('div', 'meter-post-wrap');
      const pc = el('canvas', 'meter-post');
      this.postMeter = new LevelMeter(pc, 2, false);
      wrap.append(pc, meterScale('meter-post-scale'));
      fz.appendChild(wrap);
    }
    root.appendChild(fz);
    root.appendChild(this.fader.valueEl);

    const sel = el('button', 'select', kind === 'ch' || kind === 'bus' ? 'SEL' : ' ');
    sel.type = 'button';
    if (kind === 'ch') onTap(sel, () => app.select(index));
    else if (kind === 'bus' && app.selectBus) onTap(sel, () => app.selectBus(index));
    else sel.disabled = true;
    this.selectEl = sel;
    root.appendChild(sel);
  }

  /**
   * Sends on faders: an aux bus number (1-based), an FX slot as 'fx2', or null for the strip's own
   * fader. An FX return takes part in an aux bus's mix (its send into the wedge), not in an FX's.
   */
  setSendBus(bus) {
    if (this.kind === 'fxret') {
      const b = this.base;
      const aux = typeof bus === 'number';
      this.el.classList.toggle('sends', aux);
      this.fader.bind(aux ? `${b}/aux/${bus}/level` : `${b}/fader`);
      this.mute.bind(aux ? `${b}/aux/${bus}/on` : `${b}/on`, true);
      this.mute.el.textContent = aux ? 'OFF' : 'MUTE';
      return;
    }
    if (this.kind === 'bus') {
      // in an FX slot's mix an aux bus's fader is its send into the slot (FX in monitor mixes)
      const b = this.base;
      const fx = typeof bus === 'string';
      this.el.classList.toggle('sends', fx);
      this.fader.bind(fx ? `${b}/fx/${bus.slice(2)}/level` : `${b}/fader`);
      this.mute.bind(fx ? `${b}/fx/${bus.slice(2)}/on` : `${b}/mute`, fx);
      this.mute.el.textContent = fx ? 'OFF' : 'MUTE';
      return;
    }
    if (this.kind !== 'ch') return;
    this.sendBus = bus;
    const b = this.base;
    this.el.classList.toggle('sends', bus !== null);
    // A send into a stereo bus (or an FX slot) has a pan worth showing, on the phone too.
    const buses = (this.app.store && this.app.store.layout.buses) || [];
    this.el.classList.toggle('stereo-send', typeof bus === 'string' || (typeof bus === 'number' && !!(buses[bus - 1] || {}).stereo));
    this.tap.bind(bus === null ? null : typeof bus === 'string' ? `${b}/fx/${bus.slice(2)}/tap` : `${b}/send/${bus}/tap`);
    if (typeof bus === 'string') {
      const n = bus.slice(2);
      this.fader.bind(`${b}/fx/${n}/level`);
      this.mute.bind(`${b}/fx/${n}/on`, true);
      this.mute.el.textContent = 'OFF';
      if (this.pan) this.pan.bind(`${b}/fx/${n}/pan`);
    } else if (bus === null) {
      this.fader.bind(`${b}/fader`);
      this.mute.bind(`${b}/mute`, false);
      this.mute.el.textContent = 'MUTE';
      if (this.pan) this.pan.bind(`${b}/pan`);
    } else {
      this.fader.bind(`${b}/send/${bus}/level`);
      // In a monitor mix the mute button switches this channel's send, never the channel itself.
      this.mute.bind(`${b}/send/${bus}/on`, true);
      this.mute.el.textContent = 'OFF';
      if (this.pan) this.pan.bind(`${b}/send/${bus}/pan`);
    }
  }

  setSelected(on) {
    this.selectEl.classList.toggle('on', on);
  }

  /** Clears this strip's latch on the server; the light goes out when the meters say so, everywhere. */
  clearClip() {
    if (this.app.resetClip) this.app.resetClip(this.base);
  }

  showLatch(on) {
    if (this.clipEl && this.clipEl.classList.contains('on') !== on) this.clipEl.classList.toggle('on', on);
  }

  /** New meter values from a decoded frame. */
  meters(f) {
    if (this.kind === 'ch') {
      const i = this.index - 1;
      this.inMeter.set(0, f.ch(i, CH.IN_PEAK), f.ch(i, CH.IN_RMS));
      this.showLatch(f.ch(i, CH.CLIP) >= 0.5);
      if (this.sendBus === null) {
        this.postMeter.set(0, f.ch(i, CH.POST_PEAK_L), f.ch(i, CH.POST_RMS_L));
        this.postMeter.set(1, f.ch(i, CH.POST_PEAK_R), f.ch(i, CH.POST_RMS_R));
      } else {
        // The send is tapped from the processed signal; show the pre-fader level.
        this.postMeter.set(0, f.ch(i, CH.PRE_PEAK), f.ch(i, CH.PRE_RMS));
        this.postMeter.set(1, f.ch(i, CH.PRE_PEAK), f.ch(i, CH.PRE_RMS));
      }
      this.gateGr.set(f.ch(i, CH.GATE_GR));
      this.compGr.set(f.ch(i, CH.COMP_GR));
    } else if (this.kind === 'fxret') {
      this.postMeter.set(0, f.fx(this.index - 1, BUS.PEAK_L), f.fx(this.index - 1, BUS.RMS_L));
      this.postMeter.set(1, f.fx(this.index - 1, BUS.PEAK_R), f.fx(this.index - 1, BUS.RMS_R));
      this.showLatch(f.fx(this.index - 1, BUS.OVER) >= 0.5);
    } else if (this.kind === 'bus' || this.kind === 'main') {
      const g = this.kind === 'main' ? (k) => f.main(k) : (k) => f.bus(this.index - 1, k);
      this.postMeter.set(0, g(BUS.PEAK_L), g(BUS.RMS_L));
      this.postMeter.set(1, g(BUS.PEAK_R), g(BUS.RMS_R));
      this.showLatch(g(BUS.OVER) >= 0.5);
    }
  }

  clearMeters() {
    for (const m of [this.inMeter, this.postMeter, this.gateGr, this.compGr]) if (m) m.clear();
  }

  dispose() {
    for (const m of [this.inMeter, this.postMeter, this.gateGr, this.compGr]) if (m) m.dispose();
  }
}
