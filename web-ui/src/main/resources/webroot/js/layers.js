// Custom fader layers (docs/ui.md, "Fader layers"; the SQ's custom layers, the X32's user bank): a
// layer is a name and an ordered list of strips — channels, buses, FX returns and DCAs in any order.
// The definitions are the show's, on the server (`layer.*`, docs/protocol.md): every device sees the
// same layers, they are saved with the show and survive a tablet swap. Which layer a device shows is
// its own (localStorage), so two tablets can stand on different layers.
//
// A layer puts the real strips on the faders — the very Strip objects of the banks (fader, mute,
// solo, meters, sends on faders), not copies: the strips that are not on it are hidden and the ones
// on it are ordered with CSS `order`. In sends mode the layer shows those of its strips that have a
// send into the picked bus (its channels; its FX returns in an aux mix; its buses in an FX mix).
// The LAYERS button opens the editor (an engineer's: the server refuses a monitor or viewer).

import { onTap, ui } from './gesture.js';
import { button, el, nameField, onConfirmedTap } from './widgets.js';

const $ = (sel) => document.querySelector(sel);
const KEY = 'jackdesk.layer';
/** FaderLayers.MAX_NAME */
export const MAX_NAME = 24;

export class Layers {
  constructor(app) {
    this.app = app;
    /** The server's layers: [{id, name, strips: ['ch/12', …]}], in button order. */
    this.list = [];
    /** The id of the layer this device shows, or null for the built-in banks. */
    this.current = null;
    this.loaded = false;
    try {
      const v = localStorage.getItem(KEY);
      this.wanted = v ? Number(v) : null;
    } catch (e) {
      this.wanted = null;
    }
    /** The layer being edited: {id (null: new), name, strips}; changes stay here until SAVE. */
    this.draft = null;
    this.bar = $('#layerbar');
    this.panel = this.buildPanel();
  }

  wire() {
    // A built-in bank button leaves the layer first (capture: before the button's own scroll runs).
    $('#banks').addEventListener('click', (e) => {
      if (this.current !== null && e.target.closest('.bank-btn')) this.select(null);
    }, true);
    $('#chpick').addEventListener('change', () => { if (this.current !== null) this.select(null); }, true);
  }

  /** A fresh connection: ask for the layers (the answer, `layers`, also comes after every change). */
  connected() {
    this.app.conn.send({ op: 'layer.list' });
  }

  /** Server messages: `layers` (the list, to every device after any change) and `layer.ack`. True when handled. */
  message(m) {
    if (m.op === 'layers' && Array.isArray(m.layers)) {
      this.list = m.layers.filter((l) => l && Number.isInteger(l.id) && Array.isArray(l.strips));
      const first = !this.loaded;
      this.loaded = true;
      if (first && this.wanted !== null && this.byId(this.wanted)) this.select(this.wanted, false);
      else if (this.current !== null && !this.byId(this.current)) this.select(null);
      else if (this.current !== null) this.app.setSendBus(this.app.sendBus); // its strips may have changed
      this.renderBar();
      if (this.draft && this.draft.id !== null && !this.byId(this.draft.id)) this.draft = null; // deleted meanwhile
      if (!this.draft && document.body.classList.contains('layers-open')) this.edit(this.list.length ? this.list[0].id : null);
      else this.renderPanel();
      return true;
    }
    if (m.op === 'layer.ack') {
      if (m.saved && m.layer && this.draft) {
        const isNew = this.draft.id === null;
        this.draft = { id: m.layer.id, name: m.layer.name, strips: [...m.layer.strips] };
        if (isNew) this.select(m.layer.id);
        this.app.toast(`layer ${m.layer.name} saved`, 'info');
      }
      if (m.deleted) this.app.toast(`layer ${m.layer.name} deleted`, 'info');
      this.renderPanel();
      return true;
    }
    return false;
  }

  byId(id) {
    return this.list.find((l) => l.id === id) || null;
  }

  /** After the strips are (re)built: the layer buttons (the strips themselves follow in apply()). */
  build() {
    this.renderBar();
    this.renderPanel();
  }

  /** The layer buttons after the built-in banks, then LAYERS (the editor). */
  renderBar() {
    const bar = this.bar;
    bar.textContent = '';
    for (const l of this.list) {
      const b = button('bank-btn layer-btn', l.name, `custom layer: ${l.strips.length} strips`);
      b.dataset.layer = String(l.id);
      const on = l.id === this.current;
      b.classList.toggle('current', on);
      if (on) b.setAttribute('aria-current', 'true');
      b.addEventListener('click', () => this.select(l.id)); // navigation, like a bank button: works while locked
      bar.appendChild(b);
    }
    const edit = button('layer-edit', 'LAYERS', 'Define custom fader layers: any strips in any order');
    edit.id = 'layer-edit';
    edit.classList.toggle('on', document.body.classList.contains('layers-open'));
    edit.addEventListener('click', () => this.open(!document.body.classList.contains('layers-open')));
    bar.appendChild(edit);
  }

  /** Puts layer id on this device's faders (null: back to the built-in banks) and remembers it here. */
  select(id, remember = true) {
    this.current = id;
    if (remember) {
      try {
        if (id === null) localStorage.removeItem(KEY);
        else localStorage.setItem(KEY, String(id));
      } catch (e) {
        // private mode: the choice lasts while the page is open
      }
    }
    this.app.setSendBus(this.app.sendBus); // recomputes which strips show, then apply()
    const strips = $('#strips');
    if (id !== null) strips.scrollTo({ left: 0, behavior: 'instant' });
    this.renderBar();
    this.app.workflow.queueScroll();
  }

  /**
   * Called at the end of every setSendBus: on a layer, the strips not on it are hidden (on top of
   * what sends mode hides) and the ones on it stand in the layer's order.
   */
  apply() {
    const layer = this.current === null ? null : this.byId(this.current);
    document.body.classList.toggle('layer-mode', !!layer);
    if (!layer) {
      for (const s of this.app.strips) s.el.style.order = '';
      return;
    }
    const pos = new Map(layer.strips.map((b, i) => [b, i]));
    for (const s of this.app.strips) {
      const i = pos.get(s.base);
      if (i === undefined) {
        s.el.hidden = true;
        s.el.style.order = '';
      } else {
        s.el.style.order = String(i);
      }
    }
  }

  // ---- the editor ---------------------------------------------------------------------------

  buildPanel() {
    const root = el('section', 'layer-editor');
    root.id = 'layer-editor';
    root.setAttribute('aria-label', 'Fader layers');
    const head = el('header', 'layer-head');
    const title = el('h2', '', 'FADER LAYERS');
    this.newBtn = button('layer-new', '+ NEW', 'A new layer');
    onTap(this.newBtn, () => this.edit(null));
    const close = button('layer-close', 'CLOSE');
    close.addEventListener('click', () => this.open(false)); // not a console control: the lock does not apply
    head.append(title, this.newBtn, close);
    this.listEl = el('div', 'layer-list');
    this.form = el('div', 'layer-form');
    root.append(head, this.listEl, this.form);
    document.body.appendChild(root);
    return root;
  }

  open(on) {
    document.body.classList.toggle('layers-open', on);
    const edit = $('#layer-edit');
    if (edit) edit.classList.toggle('on', on);
    if (on && !this.draft) {
      const cur = this.current !== null ? this.byId(this.current) : this.list[0];
      this.edit(cur ? cur.id : null);
    } else {
      this.renderPanel();
    }
  }

  /** Starts editing layer id (null: a new one) from the server's definition. */
  edit(id) {
    const l = id === null ? null : this.byId(id);
    this.draft = l ? { id: l.id, name: l.name, strips: [...l.strips] } : { id: null, name: this.freeName(), strips: [] };
    this.renderPanel();
  }

  freeName() {
    for (let n = 1; ; n++) if (!this.list.some((l) => l.name.toLowerCase() === `layer ${n}`)) return `Layer ${n}`;
  }

  /** 'ch/12' -> 'CH 12 · Lead Vox', as the strip shows it. */
  stripName(base) {
    const [kind, n] = base.split('/');
    const l = this.app.store.layout;
    const i = Number(n) - 1;
    const name = kind === 'ch' ? (l.channels[i] || {}).name : kind === 'bus' ? (l.buses[i] || {}).name
      : kind === 'dca' ? (l.dcas || [])[i] : 'Return';
    const tag = kind === 'fxret' ? 'FX' : kind.toUpperCase();
    return `${tag} ${n}${name ? ` · ${name}` : ''}`;
  }

  /** Every strip a layer may hold, by kind (FaderLayers.KINDS). */
  choices() {
    const l = this.app.store.layout;
    const groups = [['CH', 'ch', l.channels.length], ['BUS', 'bus', l.buses.length], ['FX', 'fxret', l.fx || 0], ['DCA', 'dca', 8]];
    return groups.filter((g) => g[2] > 0);
  }

  renderPanel() {
    if (!this.panel) return;
    this.listEl.textContent = '';
    for (const l of this.list) {
      const b = button('layer-pick', l.name);
      b.dataset.layer = String(l.id);
      b.classList.toggle('on', !!this.draft && this.draft.id === l.id);
      b.addEventListener('click', () => this.edit(l.id));
      this.listEl.appendChild(b);
    }
    if (!this.list.length) this.listEl.appendChild(el('span', 'layer-hint', 'No layers yet: name one, add strips, SAVE.'));
    const f = this.form;
    const focused = document.activeElement && f.contains(document.activeElement) && document.activeElement.tagName === 'INPUT';
    if (focused) { this.renderStrips(); return; } // never pull the field from under the typing finger
    f.textContent = '';
    const d = this.draft;
    if (!d) return;
    const nameRow = el('form', 'layer-name-row');
    nameRow.autocomplete = 'off';
    const input = nameField('layer-name', MAX_NAME, 'Layer name');
    input.value = d.name;
    input.addEventListener('input', () => { d.name = input.value; });
    nameRow.addEventListener('submit', (e) => { e.preventDefault(); input.blur(); this.save(); });
    const save = button('layer-save', 'SAVE', 'Save this layer on the console (every device sees it)');
    save.type = 'submit';
    const del = button('layer-delete', 'DELETE', 'Delete this layer (tap twice)');
    del.disabled = d.id === null;
    onConfirmedTap(del, 'CONFIRM', () => this.remove());
    nameRow.append(input, save, del);
    this.stripsEl = el('ol', 'layer-strips');
    this.addEl = el('div', 'layer-add');
    f.append(nameRow, el('div', 'layer-sub', 'ON THIS LAYER, LEFT TO RIGHT'), this.stripsEl, el('div', 'layer-sub', 'ADD A STRIP'), this.addEl);
    this.renderStrips();
  }

  /** The draft's strips (▲ ▼ ✕ each) and the strip picker. */
  renderStrips() {
    const d = this.draft;
    if (!d || !this.stripsEl) return;
    this.stripsEl.textContent = '';
    d.strips.forEach((base, i) => {
      const row = el('li', 'layer-strip');
      row.dataset.strip = base;
      const up = button('layer-up', '▲', 'Move left');
      const down = button('layer-down', '▼', 'Move right');
      const cut = button('layer-remove', '✕', 'Take off the layer');
      up.disabled = i === 0;
      down.disabled = i === d.strips.length - 1;
      onTap(up, () => this.moveStrip(i, -1));
      onTap(down, () => this.moveStrip(i, 1));
      onTap(cut, () => { d.strips.splice(i, 1); this.renderStrips(); });
      row.append(el('span', 'layer-strip-pos', String(i + 1)), el('span', 'layer-strip-name', this.stripName(base)), up, down, cut);
      this.stripsEl.appendChild(row);
    });
    if (!d.strips.length) this.stripsEl.appendChild(el('li', 'layer-hint', 'Empty: tap strips below to add them.'));
    this.addEl.textContent = '';
    for (const [label, kind, count] of this.choices()) {
      const row = el('div', 'layer-add-row');
      row.appendChild(el('span', 'layer-add-kind', label));
      for (let n = 1; n <= count; n++) {
        const base = `${kind}/${n}`;
        const b = button('layer-add-btn', String(n), this.stripName(base));
        b.dataset.strip = base;
        b.disabled = d.strips.includes(base);
        onTap(b, () => { if (!d.strips.includes(base)) { d.strips.push(base); this.renderStrips(); } });
        row.appendChild(b);
      }
      this.addEl.appendChild(row);
    }
  }

  moveStrip(i, by) {
    const s = this.draft.strips;
    const j = i + by;
    if (j < 0 || j >= s.length) return;
    [s[i], s[j]] = [s[j], s[i]];
    this.renderStrips();
  }

  save() {
    const d = this.draft;
    if (!d || ui.locked || document.body.classList.contains('offline')) return;
    const m = { op: 'layer.save', name: d.name.trim(), strips: [...d.strips] };
    if (d.id !== null) m.layer = d.id; // replace; without a layer id the console creates one
    this.app.conn.send(m);
  }

  /** DELETE, confirmed by its second tap (onConfirmedTap). */
  remove() {
    const d = this.draft;
    if (!d || d.id === null || ui.locked) return;
    this.app.conn.send({ op: 'layer.delete', layer: d.id });
    this.draft = null;
  }
}
