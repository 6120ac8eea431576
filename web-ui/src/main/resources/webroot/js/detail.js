// Channel detail: trim, polarity, delay; high-pass; the EQ graph with its band controls; gate and
// compressor with transfer curves and live gain reduction. Opened by a strip's select button.

import { Knob } from './knob.js';
import { Toggle, Choice } from './buttons.js';
import { EqGraph } from './eqgraph.js';
import { Transfer } from './dynamics.js';
import { CH, BUS } from './meterframe.js';
import { onTap } from './gesture.js';
import { GrBar } from './meter.js';
import { routingPanels } from './reach.js';

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function section(title, cls) {
  const s = el('section', `panel ${cls || ''}`);
  const h = el('header');
  h.appendChild(el('h3', '', title));
  s.appendChild(h);
  const body = el('div', 'panel-body');
  s.appendChild(body);
  return { s, h, body };
}

export class ChannelDetail {
  constructor(app) {
    this.app = app;
    this.ch = 0;
    this.bus = 0; // a bus's detail (SEL on a bus strip) instead of a channel's
    this.controls = [];
    this.root = document.getElementById('detail');
    onTap(this.root.querySelector('.detail-close'), () => this.close());
    onTap(this.root.querySelector('.detail-prev'), () => this.step(-1));
    onTap(this.root.querySelector('.detail-next'), () => this.step(1));
    this.body = this.root.querySelector('.detail-body');
    this.eq = new EqGraph(app.store, app.conn, (b) => this.showBand(b));
    /** The spectrum behind the EQ curve: 'pre-eq' (what the EQ gets: find the resonance) or 'post-eq' (what it makes of it). */
    this.rtaStage = 'pre-eq';
    this.gate = new Transfer(app.store, 'gate');
    this.comp = new Transfer(app.store, 'comp');
  }

  build() {
    if (this.ch) this.open(Math.min(this.ch, this.app.store.layout.channels.length));
    else if (this.bus) this.openBus(Math.min(this.bus, this.app.store.layout.buses.length));
  }

  step(d) {
    if (this.bus) {
      const nb = this.app.store.layout.buses.length;
      if (nb) this.app.selectBus(((this.bus - 1 + d + nb) % nb) + 1);
      return;
    }
    const n = this.app.store.layout.channels.length;
    if (!n) return;
    this.app.select(((this.ch - 1 + d + n) % n) + 1);
  }

  close() {
    this.ch = 0;
    this.bus = 0;
    this.disposeGr();
    this.eq.setRta(null, null);
    this.app.updateRta(); // nobody looks at this channel's spectrum any more
    document.body.classList.remove('detail-open');
    for (const s of this.app.strips) if (s.kind === 'ch' || s.kind === 'bus') s.setSelected(false);
  }

  disposeGr() {
    for (const g of this.busGr || []) g.dispose();
    this.busGr = null;
  }

  unbindAll() {
    for (const c of this.controls) {
      if (c.unsub) c.unsub();
      if (c.unsubTouch) c.unsubTouch();
    }
    this.controls = [];
  }

  add(parent, c) {
    this.controls.push(c);
    parent.appendChild(c.el);
    return c;
  }

  knob(parent, key, label, opts) {
    return this.add(parent, new Knob(this.app.store, this.app.conn, `ch/${this.ch}/${key}`, label, opts));
  }

  toggle(parent, key, label, cls = 'accent') {
    return this.add(parent, new Toggle(this.app.store, this.app.conn, `ch/${this.ch}/${key}`, label, cls));
  }

  choice(parent, key, fallback) {
    const path = `ch/${this.ch}/${key}`;
    const def = this.app.store.schema.get(path);
    const values = def && def.values ? def.values : fallback;
    return this.add(parent, new Choice(this.app.store, this.app.conn, path, values.map((v) => [v, String(v).toUpperCase()])));
  }

  open(ch) {
    const store = this.app.store;
    const info = store.layout.channels[ch - 1];
    if (!info) return;
    this.ch = ch;
    this.bus = 0;
    this.disposeGr();
    this.unbindAll();
    document.body.classList.add('detail-open');
    this.root.querySelector('.detail-title').textContent = `${ch} · ${info.name}`;
    this.eq.setRta(null, null);
    this.app.updateRta(); // the spectrum entering (or leaving) the channel's EQ, behind its curve
    this.root.style.setProperty('--strip-colour', getComputedStyle(document.querySelector(`[data-strip="ch/${ch}"]`) || document.body).getPropertyValue('--strip-colour'));
    const b = this.body;
    b.textContent = '';

    const input = section('Input', 'input');
    this.knob(input.body, 'trim', 'TRIM', { bipolar: true });
    this.toggle(input.body, 'polarity', 'Ø', 'accent');
    this.toggle(input.body, 'delay/on', 'DELAY', 'accent');
    this.knob(input.body, 'delay/time', 'TIME');
    b.appendChild(input.s);

    const hpf = section('High-pass', 'hpf');
    this.toggle(hpf.h, 'hpf/on', 'ON', 'accent');
    this.knob(hpf.body, 'hpf/freq', 'FREQ');
    this.choice(hpf.body, 'hpf/slope', ['12', '24']);
    b.appendChild(hpf.s);

    const eq = section('Equaliser', 'eq');
    this.toggle(eq.h, 'eq/on', 'ON', 'accent');
    this.choice(eq.h, 'order', ['eq-comp', 'comp-eq']);
    const stage = el('button', 'rta-stage', this.rtaStage === 'pre-eq' ? 'RTA PRE' : 'RTA POST');
    stage.type = 'button';
    stage.title = 'The spectrum behind the curve: entering the EQ (PRE) or leaving it (POST)';
    stage.setAttribute('aria-pressed', String(this.rtaStage === 'post-eq'));
    onTap(stage, () => {
      this.rtaStage = this.rtaStage === 'pre-eq' ? 'post-eq' : 'pre-eq';
      stage.textContent = this.rtaStage === 'pre-eq' ? 'RTA PRE' : 'RTA POST';
      stage.setAttribute('aria-pressed', String(this.rtaStage === 'post-eq'));
      this.eq.setRta(null, null);
      this.app.updateRta();
    });
    eq.h.appendChild(stage);
    eq.body.appendChild(this.eq.el);
    this.bandRow = el('div', 'band-row');
    eq.body.appendChild(this.bandRow);
    b.appendChild(eq.s);
    this.eq.bind(ch);

    const gate = section('Gate', 'gate');
    this.toggle(gate.h, 'gate/on', 'ON', 'accent');
    this.choice(gate.h, 'gate/mode', ['gate', 'expander']);
    const gk = el('div', 'knobs');
    for (const [k, l] of [['threshold', 'THR'], ['range', 'RANGE'], ['attack', 'ATT'], ['hold', 'HOLD'], ['release', 'REL']]) this.knob(gk, `gate/${k}`, l);
    gate.body.append(this.gate.canvas, gk);
    this.gate.bind(ch);
    b.appendChild(gate.s);

    const comp = section('Compressor', 'comp');
    this.toggle(comp.h, 'comp/on', 'ON', 'accent');
    this.choice(comp.h, 'comp/detect', ['peak', 'rms']);
    const ck = el('div', 'knobs');
    for (const [k, l] of [['threshold', 'THR'], ['ratio', 'RATIO'], ['knee', 'KNEE'], ['attack', 'ATT'], ['release', 'REL'], ['makeup', 'GAIN']]) this.knob(ck, `comp/${k}`, l);
    this.toggle(ck, 'comp/automakeup', 'AUTO', 'accent');
    // The side-chain high-pass: the kick no longer pumps the compressor.
    this.toggle(ck, 'comp/schpf/on', 'SC HPF', 'accent');
    this.knob(ck, 'comp/schpf/freq', 'SC FRQ');
    comp.body.append(this.comp.canvas, ck);
    this.comp.bind(ch);
    b.appendChild(comp.s);

    this.controls.push(...routingPanels(this, b, section));
    this.app.paste.panel(b, ch, section);
    this.app.library.panel(b, ch, section);
    this.controls.push(...this.app.link.panel(b, ch, section));
    this.labelPanel(b, `ch/${ch}`);

    this.showBand(this.eq.selected);
  }

  /**
   * A bus's detail (SEL on a bus strip): its EQ on the same graph, its compressor with the
   * side-chain high-pass and its transfer curve, the transient shaper, and the in-ear safety
   * limiter — each with its live gain reduction from the meter frame.
   */
  openBus(n) {
    const store = this.app.store;
    const info = store.layout.buses[n - 1];
    if (!info) return;
    this.ch = 0;
    this.bus = n;
    this.unbindAll();
    this.disposeGr();
    document.body.classList.add('detail-open');
    this.root.querySelector('.detail-title').textContent = `BUS ${n} · ${info.name}`;
    this.eq.setRta(null, null);
    this.app.updateRta();
    this.root.style.setProperty('--strip-colour', getComputedStyle(document.querySelector(`[data-strip="bus/${n}"]`) || document.body).getPropertyValue('--strip-colour'));
    const b = this.body;
    b.textContent = '';
    const base = `bus/${n}`;
    const { conn } = this.app;
    const knob = (parent, key, label, opts) => this.add(parent, new Knob(store, conn, `${base}/${key}`, label, opts));
    const toggle = (parent, key, label) => this.add(parent, new Toggle(store, conn, `${base}/${key}`, label, 'accent'));
    const choice = (parent, key, fallback) => {
      const def = store.schema.get(`${base}/${key}`);
      const values = def && def.values ? def.values : fallback;
      return this.add(parent, new Choice(store, conn, `${base}/${key}`, values.map((v) => [v, String(v).toUpperCase()])));
    };

    const eq = section('Bus EQ', 'eq');
    toggle(eq.h, 'eq/on', 'ON');
    eq.body.appendChild(this.eq.el);
    this.bandRow = el('div', 'band-row');
    eq.body.appendChild(this.bandRow);
    b.appendChild(eq.s);
    this.eq.bind(base);

    const lim = section('Limiter', 'input bus-limiter');
    toggle(lim.h, 'limiter/on', 'ON');
    knob(lim.body, 'limiter/ceiling', 'CEIL');
    knob(lim.body, 'limiter/release', 'REL');
    const limGr = new GrBar('LIMIT', 'in-ear limiter gain reduction, dB');
    limGr.el.classList.add('bus-limiter-gr');
    lim.body.appendChild(limGr.el);
    b.appendChild(lim.s);

    const shape = section('Transient', 'hpf bus-transient');
    toggle(shape.h, 'transient/on', 'ON');
    knob(shape.body, 'transient/attack', 'ATTACK', { bipolar: true });
    knob(shape.body, 'transient/sustain', 'SUSTAIN', { bipolar: true });
    b.appendChild(shape.s);

    const comp = section('Compressor', 'comp bus-comp');
    toggle(comp.h, 'comp/on', 'ON');
    choice(comp.h, 'comp/detect', ['peak', 'rms']);
    const ck = el('div', 'knobs');
    for (const [k, l] of [['threshold', 'THR'], ['ratio', 'RATIO'], ['knee', 'KNEE'], ['attack', 'ATT'], ['release', 'REL'], ['makeup', 'GAIN']]) knob(ck, `comp/${k}`, l);
    toggle(ck, 'comp/automakeup', 'AUTO');
    toggle(ck, 'comp/schpf/on', 'SC HPF');
    knob(ck, 'comp/schpf/freq', 'SC FRQ');
    const compGr = new GrBar('COMP', 'bus compressor gain reduction, dB');
    compGr.el.classList.add('bus-comp-gr');
    ck.appendChild(compGr.el);
    comp.body.append(this.comp.canvas, ck);
    this.comp.bind(base);
    b.appendChild(comp.s);
    this.busGr = [limGr, compGr];
    this.labelPanel(b, base);

    this.showBand(this.eq.selected);
  }

  /** The strip's name field and colour palette (labels.js). */
  labelPanel(parent, target) {
    const names = section('Name & colour', 'labels');
    names.body.appendChild(this.app.labels.editor(target));
    parent.appendChild(names.s);
  }

  showBand(band) {
    if ((!this.ch && !this.bus) || !this.bandRow) return;
    const base = this.bus ? `bus/${this.bus}` : `ch/${this.ch}`;
    for (const c of this.bandControls || []) {
      if (c.unsub) c.unsub();
      if (c.unsubTouch) c.unsubTouch();
    }
    this.bandControls = [];
    const r = this.bandRow;
    r.textContent = '';
    const tabs = el('div', 'choice band-tabs');
    for (let i = 1; i <= 4; i++) {
      const t = el('button', i === band ? 'on' : '', `BAND ${i}`);
      t.type = 'button';
      t.addEventListener('click', () => this.eq.select(i));
      tabs.appendChild(t);
    }
    r.appendChild(tabs);
    const { store, conn } = this.app;
    if (band === 1 || band === 4) {
      const path = `${base}/eq/${band}/type`;
      const def = store.schema.get(path);
      const values = def && def.values ? def.values : band === 1 ? ['lowshelf', 'peak'] : ['highshelf', 'peak'];
      const c = new Choice(store, conn, path, values.map((v) => [v, v === 'peak' ? 'PEAK' : 'SHELF']));
      this.bandControls.push(c);
      r.appendChild(c.el);
    }
    for (const [k, l] of [['freq', 'FREQ'], ['gain', 'GAIN'], ['q', 'Q']]) {
      const kn = new Knob(store, conn, `${base}/eq/${band}/${k}`, l, { bipolar: k === 'gain' });
      this.bandControls.push(kn);
      r.appendChild(kn.el);
    }
  }

  meters(f) {
    if (this.bus && this.busGr) {
      this.busGr[0].set(f.bus(this.bus - 1, BUS.LIMITER_GR));
      this.busGr[1].set(f.bus(this.bus - 1, BUS.COMP_GR));
      this.comp.live(-120, f.bus(this.bus - 1, BUS.COMP_GR));
      return;
    }
    if (!this.ch) return;
    const i = this.ch - 1;
    this.gate.live(f.ch(i, CH.IN_PEAK), f.ch(i, CH.GATE_GR));
    this.comp.live(f.ch(i, CH.COMP_IN), f.ch(i, CH.COMP_GR)); // the detector's input, not the output
  }
}
