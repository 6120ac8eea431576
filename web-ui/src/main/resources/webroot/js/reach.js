// What the engine has that a strip alone does not show: the mute-group column after the DCAs
// (`mutegroup/N/on`, named from the configuration), a send's PRE/POST tap switch, and the channel
// detail's routing panels (DCA and mute-group membership, every bus send with its tap and pan).
// Every control is bound to a registry path and goes through the parameter service like a fader.

import { Toggle } from './buttons.js';
import { Knob } from './knob.js';
import { onTap } from './gesture.js';
import { formatPan } from './store.js';

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** One button flipping an enum path between 'pre' and 'post' (a send's tap), showing the value. */
export class TapSwitch {
  constructor(store, conn) {
    this.store = store;
    this.conn = conn;
    this.path = null;
    this.el = el('button', 'tap-switch', 'PRE');
    this.el.type = 'button';
    this.el.title = 'Send tap: pre-fader (monitor mixes) or post-fader (effects)';
    onTap(this.el, () => {
      if (!this.path) return;
      const next = this.value() === 'post' ? 'pre' : 'post';
      this.render(next);
      this.conn.setNow(this.path, next);
    });
  }

  value() {
    const v = this.store.get(this.path);
    return v === 'post' ? 'post' : v === 'pre' ? 'pre' : String(this.store.def(this.path).default || 'pre');
  }

  /** path: an enum of pre/post, or null (nothing to switch). */
  bind(path) {
    if (this.unsub) this.unsub();
    this.unsub = null;
    this.path = path;
    if (!path) { delete this.el.dataset.path; return; }
    this.el.dataset.path = path;
    this.render(this.value());
    this.unsub = this.store.on(path, (v) => this.render(v === 'post' ? 'post' : 'pre'));
  }

  render(v) {
    this.el.textContent = v === 'post' ? 'POST' : 'PRE';
    this.el.dataset.value = v;
    this.el.classList.toggle('post', v === 'post');
  }
}

/** The mute groups as a column after the DCA strips: one big toggle per group, red while engaged. */
export class MuteGroupColumn {
  constructor(app) {
    this.app = app;
    this.controls = [];
    this.el = el('div', 'strip strip-mg');
    this.el.dataset.strip = 'mutegroup/1';
  }

  build() {
    const { store, conn } = this.app;
    this.dispose();
    this.el.textContent = '';
    const head = el('div', 'strip-name');
    head.appendChild(el('span', 'strip-label', 'MUTE GROUPS'));
    this.el.appendChild(head);
    const names = store.layout.muteGroups || [];
    for (let i = 1; i <= 6; i++) {
      const t = new Toggle(store, conn, `mutegroup/${i}/on`, names[i - 1] || `Mute ${i}`, 'mute mg');
      t.el.title = `Mute group ${i}: mutes its members on every device`;
      this.controls.push(t);
      this.el.appendChild(t.el);
    }
  }

  dispose() {
    for (const c of this.controls) { if (c.unsub) c.unsub(); if (c.unsubTouch) c.unsubTouch(); }
    this.controls = [];
  }
}

/**
 * The channel detail's routing: DCA membership (named as configured), mute-group membership, and
 * every aux bus send — level, ON, PRE/POST and, into a stereo bus, pan. Returns the controls made,
 * for the detail to unbind.
 */
export function routingPanels(detail, body, section) {
  const { store, conn } = detail.app;
  const ch = detail.ch;
  const made = [];
  const add = (parent, c) => { made.push(c); parent.appendChild(c.el); return c; };

  const groups = section('DCA & mute groups', 'groups');
  const dcaRow = el('div', 'assign-row');
  dcaRow.appendChild(el('span', 'assign-label', 'DCA'));
  const dcas = store.layout.dcas || [];
  for (let i = 1; i <= 8; i++) add(dcaRow, new Toggle(store, conn, `ch/${ch}/dca/${i}`, dcas[i - 1] || `DCA ${i}`, 'accent assign'));
  const mgRow = el('div', 'assign-row');
  mgRow.appendChild(el('span', 'assign-label', 'MUTE'));
  const mgs = store.layout.muteGroups || [];
  for (let i = 1; i <= 6; i++) add(mgRow, new Toggle(store, conn, `ch/${ch}/mutegroup/${i}`, mgs[i - 1] || `Mute ${i}`, 'mute assign'));
  groups.body.append(dcaRow, mgRow);
  body.appendChild(groups.s);

  const buses = store.layout.buses || [];
  if (buses.length) {
    const sends = section('Sends', 'sends-panel');
    buses.forEach((b, i) => {
      const n = i + 1;
      const cell = el('div', 'send-cell');
      cell.dataset.bus = String(n);
      cell.appendChild(el('div', 'send-name', b.name || `Bus ${n}`));
      add(cell, new Knob(store, conn, `ch/${ch}/send/${n}/level`, 'LEVEL'));
      const row = el('div', 'send-row');
      add(row, new Toggle(store, conn, `ch/${ch}/send/${n}/on`, 'ON', 'accent'));
      const tap = new TapSwitch(store, conn);
      tap.bind(`ch/${ch}/send/${n}/tap`);
      add(row, tap);
      cell.appendChild(row);
      if (b.stereo) add(cell, new Knob(store, conn, `ch/${ch}/send/${n}/pan`, 'PAN', { bipolar: true, format: formatPan }));
      sends.body.appendChild(cell);
    });
    body.appendChild(sends.s);
  }
  return made;
}
