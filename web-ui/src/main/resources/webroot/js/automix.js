// The automix view (docs/assistants.md): the gain-sharing automixer's two groups. Group X and Y
// each have an ON switch; every channel has a row with its group (OFF / X / Y), its weight (a knob,
// ±12 dB) and a live bar of the gain the automixer gives it (drawn down from the top in orange, like
// every gain reduction), from the meter frame's automix section.

import { Knob } from './knob.js';
import { Choice, Toggle } from './buttons.js';

const GROUPS = [['off', 'OFF'], ['x', 'X'], ['y', 'Y']];
/** The bar's full scale: −40 dB (the automixer goes further down; deeper is drawn full). */
const RANGE_DB = 40;

export class AutomixView {
  constructor(app) {
    this.app = app;
    this.root = document.getElementById('automixview');
    this.rows = [];
    this.controls = [];
  }

  build() {
    for (const c of this.controls) { if (c.unsub) c.unsub(); if (c.unsubTouch) c.unsubTouch(); }
    this.controls = [];
    this.rows = [];
    this.root.textContent = '';
    const { store, conn } = this.app;
    const head = document.createElement('section');
    head.className = 'panel automix-groups';
    head.innerHTML = '<header><h3>AUTOMIX</h3><span class="automix-note">gain sharing: one talker at unity, '
      + 'two at −3 dB each, the group as loud as one open mic</span></header><div class="panel-body"></div>';
    const body = head.querySelector('.panel-body');
    for (const g of ['x', 'y']) {
      const t = new Toggle(store, conn, `automix/${g}/on`, `GROUP ${g.toUpperCase()}`);
      t.el.classList.add('automix-on');
      t.el.dataset.group = g;
      this.controls.push(t);
      body.appendChild(t.el);
    }
    this.root.appendChild(head);
    const list = document.createElement('section');
    list.className = 'panel automix-list';
    const channels = store.layout.channels || [];
    channels.forEach((c, i) => {
      const n = i + 1;
      const row = document.createElement('div');
      row.className = 'automix-row';
      row.dataset.ch = String(n);
      const name = document.createElement('span');
      name.className = 'automix-name';
      name.textContent = `${n} ${c.name || ''}`;
      row.appendChild(name);
      const group = new Choice(store, conn, `ch/${n}/automix/group`, GROUPS);
      this.controls.push(group);
      row.appendChild(group.el);
      const weight = new Knob(store, conn, `ch/${n}/automix/weight`, 'WEIGHT', { small: true, bipolar: true });
      this.controls.push(weight);
      row.appendChild(weight.el);
      const bar = document.createElement('div');
      bar.className = 'automix-gr';
      bar.innerHTML = '<div class="automix-gr-fill"></div>';
      const value = document.createElement('span');
      value.className = 'automix-db';
      value.textContent = '0.0';
      row.appendChild(bar);
      row.appendChild(value);
      list.appendChild(row);
      this.rows.push({ fill: bar.firstChild, value, row });
    });
    this.root.appendChild(list);
  }

  /** The live gains from a decoded meter frame (its automix section; 0 dB without one). */
  meters(f) {
    if (!f || !f.automix) return;
    this.rows.forEach((r, i) => {
      const db = f.automix(i);
      const frac = Math.min(1, Math.max(0, -db / RANGE_DB));
      r.fill.style.height = `${(frac * 100).toFixed(1)}%`;
      r.value.textContent = db <= -99.5 ? '−∞' : db.toFixed(1);
      r.row.dataset.gain = db.toFixed(1);
    });
  }
}
