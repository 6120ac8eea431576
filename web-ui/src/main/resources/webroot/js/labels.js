// Strip names and colours (docs/ui.md, "Names and colours"): a name field and the X32's colour
// palette for a channel, a bus or a DCA — in the channel and bus detail, and in a small panel that a
// tap on any strip's name opens (the only way to a DCA's). Every change is one `label` message to the
// server (an engineer's: a monitor is refused there); the server answers every device with `labels`,
// the whole layout's names and colours, which this module applies to the strips in place (no rebuild,
// so nobody's finger on a fader is interrupted). The server writes them into the show.

import { onTap, ui } from './gesture.js';
import { stripColour } from './strip.js';
import { el, nameField } from './widgets.js';

/** The X32's strip colours (OFF RD GN YE BL MG CY WH) as the configuration's words (docs/configuration.md). */
export const SWATCHES = [
  ['off', 'OFF'], ['red', 'RD'], ['green', 'GN'], ['yellow', 'YE'], ['blue', 'BL'], ['pink', 'MG'], ['cyan', 'CY'], ['white', 'WH'],
];
/** ConsoleConfig.MAX_NAME */
export const MAX_NAME = 24;

/** 'ch/3' -> ['ch', 3] */
function parse(target) {
  const [kind, n] = target.split('/');
  return [kind, Number(n)];
}

export class Labels {
  constructor(app) {
    this.app = app;
    this.target = null;
    // The floating panel: a tap on a strip's name (a DCA has no detail of its own).
    this.root = el('section', 'label-panel');
    this.root.id = 'labelpanel';
    this.root.setAttribute('aria-label', 'Strip name and colour');
    const head = el('header', 'label-head');
    this.title = el('h2', '', '');
    const close = el('button', 'label-close', 'CLOSE');
    close.type = 'button';
    close.addEventListener('click', () => this.edit(null)); // not a console control: the lock does not apply
    head.append(this.title, close);
    this.slot = el('div', 'label-slot');
    this.root.append(head, this.slot);
    document.body.appendChild(this.root);
  }

  /** The current label of target: {name, colour} (colour: a word, '#rrggbb' or undefined). */
  label(target) {
    const [kind, n] = parse(target);
    const l = this.app.store.layout;
    if (kind === 'ch') return l.channels[n - 1] || { name: target };
    if (kind === 'bus') return l.buses[n - 1] || { name: target };
    return { name: (l.dcas || [])[n - 1] || `DCA ${n}`, colour: (l.dcaColours || [])[n - 1] };
  }

  /** Opens the floating editor for target ('ch/3', 'bus/1', 'dca/2'), or closes it (null). */
  edit(target) {
    const role = this.app.role ? this.app.role.role : '';
    if (target && (role === 'monitor' || role === 'viewer')) {
      this.app.toast('renaming and recolouring strips needs an engineer');
      return;
    }
    this.target = target;
    document.body.classList.toggle('label-open', !!target);
    this.slot.textContent = '';
    if (!target) return;
    const [kind, n] = parse(target);
    this.title.textContent = `${kind.toUpperCase()} ${n} — name & colour`;
    this.slot.appendChild(this.editor(target));
    const input = this.slot.querySelector('input');
    if (input) input.focus({ preventScroll: true });
  }

  /** A name field with SAVE and the palette for target; kept current by apply(). */
  editor(target) {
    const box = el('div', 'label-editor');
    box.dataset.target = target;
    const form = el('form', 'label-name-row');
    form.autocomplete = 'off';
    const input = nameField('label-name', MAX_NAME, `Name of ${target}`);
    input.setAttribute('autocapitalize', 'words');
    input.value = this.label(target).name || '';
    const save = el('button', 'label-save', 'SAVE');
    save.type = 'submit';
    form.append(input, save);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (ui.locked) return;
      const name = input.value.trim();
      if (!name) { this.app.toast('a strip needs a name'); return; }
      this.send(target, { name });
      input.blur();
    });
    const pal = el('div', 'label-palette');
    pal.setAttribute('role', 'radiogroup');
    pal.setAttribute('aria-label', `Colour of ${target}`);
    for (const [word, short] of SWATCHES) {
      const b = el('button', 'swatch', short);
      b.type = 'button';
      b.dataset.colour = word;
      b.title = word;
      b.setAttribute('role', 'radio');
      b.style.setProperty('--swatch', stripColour('ch', 1, word));
      onTap(b, () => this.send(target, { colour: word }));
      pal.appendChild(b);
    }
    box.append(form, pal);
    this.render(box);
    return box;
  }

  /** Marks the editor's current colour; refreshes its name unless it is being typed. */
  render(box) {
    const l = this.label(box.dataset.target);
    const input = box.querySelector('input');
    if (input && document.activeElement !== input) input.value = l.name || '';
    for (const b of box.querySelectorAll('.swatch')) {
      const on = b.dataset.colour === (l.colour || 'off');
      b.classList.toggle('on', on);
      b.setAttribute('aria-checked', String(on));
    }
  }

  send(target, change) {
    if (document.body.classList.contains('offline')) return;
    this.app.conn.send({ op: 'label', target, ...change, id: `label-${Date.now()}` });
  }

  /** A server message: `labels` (every device, after any rename) or `label.ack`. True when handled. */
  message(m) {
    if (m.op === 'labels' && m.layout) { this.apply(m.layout); return true; }
    if (m.op === 'label.ack') return true;
    return false;
  }

  /** The server's names and colours: into the store and onto every strip, menu and editor on screen. */
  apply(layout) {
    const store = this.app.store;
    const l = store.layout;
    (layout.channels || []).forEach((c, i) => { if (l.channels[i]) Object.assign(l.channels[i], { name: c.name, colour: c.colour }); });
    (layout.buses || []).forEach((b, i) => { if (l.buses[i]) Object.assign(l.buses[i], { name: b.name, colour: b.colour }); });
    if (Array.isArray(layout.dcas)) l.dcas = layout.dcas.map(String);
    if (Array.isArray(layout.dcaColours)) l.dcaColours = layout.dcaColours.map(String);
    for (const strip of this.app.allStrips()) this.paint(strip);
    // The menus that name strips: sends, the phone's channel picker.
    const sends = document.getElementById('sends');
    for (const o of sends.options) {
      const b = Number(o.value);
      if (o.value !== '' && Number.isInteger(b) && l.buses[b - 1]) o.textContent = `Sends: ${l.buses[b - 1].name}`;
    }
    const pick = document.getElementById('chpick');
    for (const o of pick.options) {
      const c = Number(o.value);
      if (o.value !== '' && l.channels[c - 1]) o.textContent = `${c} · ${l.channels[c - 1].name || ''}`;
    }
    const d = this.app.detail;
    const title = document.querySelector('#detail .detail-title');
    if (d.ch && l.channels[d.ch - 1]) title.textContent = `${d.ch} · ${l.channels[d.ch - 1].name}`;
    else if (d.bus && l.buses[d.bus - 1]) title.textContent = `BUS ${d.bus} · ${l.buses[d.bus - 1].name}`;
    if (d.ch || d.bus) {
      const s = document.querySelector(`#strips [data-strip="${d.ch ? `ch/${d.ch}` : `bus/${d.bus}`}"]`);
      if (s) document.getElementById('detail').style.setProperty('--strip-colour', s.style.getPropertyValue('--strip-colour'));
    }
    for (const box of document.querySelectorAll('.label-editor')) this.render(box);
    // The layout as the server now has it: a later hello with the same names rebuilds nothing.
    this.app.layoutKey = JSON.stringify(store.layout);
  }

  /** One strip's name and colour bar from the store (channels, buses, DCAs; the others keep theirs). */
  paint(strip) {
    if (!['ch', 'bus', 'dca'].includes(strip.kind)) return;
    const l = this.label(`${strip.kind}/${strip.index}`);
    strip.info = { ...strip.info, name: l.name, colour: l.colour };
    if (strip.nameEl) strip.nameEl.textContent = l.name || strip.base;
    const colour = stripColour(strip.kind, strip.index, l.colour);
    strip.el.style.setProperty('--strip-colour', colour);
    strip.el.dataset.colour = colour;
  }
}
