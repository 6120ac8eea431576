// The channel library (docs/ui.md, "Channel library"), as on the X32 or the SQ: in a channel's
// detail, SAVE PRESET keeps this channel's processing — the sections chosen in Copy & paste — under
// a name; the LIBRARY list loads a preset onto this channel (LOAD) or onto the channels chosen in
// Copy & paste (LOAD → n), exports one preset or the whole library as a file, imports one, and
// deletes (a second tap confirms). Every change is a `library.*` message (docs/protocol.md); the
// server keeps the presets in the show and answers every device with `library`, the list as it now
// stands. A load is written like a paste: exactly the preset's values, one OOPS entry.

import { onTap, ui } from './gesture.js';
import { storedToken } from './login.js';
import { SECTIONS } from './paste.js';
import { button, el, nameField, onConfirmedTap } from './widgets.js';

/** Preset.MAX_NAME */
export const MAX_NAME = 48;

/** The REST URL with the stored token: a download link cannot send a header. */
function withToken(url) {
  const t = storedToken();
  return t ? `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(t)}` : url;
}

export class ChannelLibraryPanel {
  constructor(app) {
    this.app = app;
    /** [{name, sections, size}] as the server last listed them. */
    this.presets = [];
    this.view = null;
    // A tap anywhere (the Copy & paste sections or targets) may change what SAVE and LOAD → n do.
    document.addEventListener('click', () => { if (this.view) setTimeout(() => this.view && this.view.refresh(), 0); });
  }

  /** A fresh connection: ask for the list (the server sends `library` again after every change). */
  connected() {
    this.listId = `library.list#${(this.lists = (this.lists || 0) + 1)}`;
    this.app.conn.send({ op: 'library.list', id: this.listId });
  }

  /**
   * An error answering our list: a server that keeps no show (a bare control server) has no
   * library — the list stays empty, with no toast, as the scenes view does. True when handled.
   */
  error(m) {
    if (m.id === undefined || m.id !== this.listId || m.code !== 'no_scenes') return false;
    this.presets = [];
    this.render();
    return true;
  }

  /** Only an engineer (or a console without users) saves, loads and deletes. */
  mayChange() {
    const r = this.app.role ? this.app.role.role : '';
    return r !== 'monitor' && r !== 'viewer';
  }

  /** The sections SAVE PRESET keeps: those chosen in the Copy & paste panel. */
  sections() {
    const chosen = this.app.paste.sections;
    const all = SECTIONS.every(([k]) => chosen.has(k));
    return all ? ['all'] : SECTIONS.map(([k]) => k).filter((k) => chosen.has(k));
  }

  /** The detail's "Library" panel for channel ch. section: the detail's panel builder. */
  panel(parent, ch, section) {
    const p = section('Library', 'library-panel');
    const save = el('div', 'library-save-row');
    const input = nameField('library-name', MAX_NAME, 'Preset name');
    input.placeholder = 'Preset name';
    const go = button('library-save', 'SAVE PRESET');
    const secs = el('span', 'library-secs');
    save.append(input, go);

    const list = el('div', 'library-list');
    list.setAttribute('aria-label', 'Channel library');

    const files = el('div', 'library-files');
    const exportAll = el('a', 'library-export button-like', 'EXPORT');
    exportAll.setAttribute('download', 'library.json');
    exportAll.href = '/api/library';
    exportAll.title = 'Download every preset as a library file';
    exportAll.addEventListener('click', () => { exportAll.href = withToken('/api/library'); });
    const importLabel = el('label', 'library-import button-like', 'IMPORT');
    importLabel.title = 'Add the presets of a library file (nothing is added if one is wrong)';
    const file = el('input', 'library-file');
    file.type = 'file';
    file.accept = '.json,application/json';
    importLabel.appendChild(file);
    file.addEventListener('change', () => {
      const f = file.files && file.files[0];
      file.value = '';
      if (f && !ui.locked && this.mayChange()) this.importFile(f);
    });
    files.append(exportAll, importLabel);

    const names = () => new Set(this.presets.map((x) => x.name));
    const refresh = () => {
      const s = this.sections();
      secs.textContent = `Saves ${s[0] === 'all' ? 'HPF GATE EQ COMP SENDS' : s.map((k) => k.toUpperCase()).join(' ') || 'nothing'} (chosen in Copy & paste)`;
      const name = input.value.trim();
      go.textContent = name && names().has(name) ? 'REPLACE PRESET' : 'SAVE PRESET';
      go.disabled = !name || !s.length || !this.mayChange();
      const targets = [...this.app.paste.targets].filter((t) => t !== ch);
      for (const b of list.querySelectorAll('.library-load-targets')) {
        b.textContent = `LOAD → ${targets.length}`;
        b.disabled = !targets.length || !this.mayChange();
      }
    };
    input.addEventListener('input', refresh);
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !go.disabled) go.click(); }); // the keyboard's done key
    onTap(go, () => {
      const name = input.value.trim();
      const sections = this.sections();
      if (!name || !sections.length) return;
      this.app.conn.send({ op: 'library.save', name, from: ch, sections, replace: names().has(name), id: `lib-${Date.now()}` });
    });

    p.body.append(save, secs, list, files);
    parent.appendChild(p.s);
    this.view = { ch, list, refresh, input };
    this.render();
  }

  /** The list of presets in the open detail, if any. */
  render() {
    const v = this.view;
    if (!v || !v.list.isConnected) { if (v && !v.list.isConnected) this.view = null; return; }
    v.list.textContent = '';
    if (!this.presets.length) v.list.appendChild(el('div', 'library-empty', 'No presets yet: name this channel’s processing and SAVE PRESET.'));
    for (const pr of this.presets) {
      const row = el('div', 'library-row');
      row.dataset.preset = pr.name;
      const label = el('div', 'library-label');
      label.append(el('span', 'library-preset-name', pr.name),
        el('span', 'library-preset-secs', (pr.sections || []).map((s) => s.toUpperCase()).join(' ')));
      const load = button('library-load', 'LOAD', `Load "${pr.name}" onto channel ${v.ch}`);
      onTap(load, () => this.load(pr.name, [v.ch]));
      const loadTargets = button('library-load-targets', 'LOAD → 0', `Load "${pr.name}" onto the channels chosen in Copy & paste`);
      onTap(loadTargets, () => {
        const to = [...this.app.paste.targets].filter((t) => t !== v.ch).sort((a, b) => a - b);
        if (to.length) this.load(pr.name, to);
      });
      const exp = el('a', 'library-export-one button-like', '↓');
      exp.title = `Download "${pr.name}" as a library file`;
      exp.setAttribute('download', `preset-${pr.name}.json`);
      const url = `/api/library/${encodeURIComponent(pr.name)}`;
      exp.href = url;
      exp.addEventListener('click', () => { exp.href = withToken(url); });
      const del = button('library-delete', 'DEL', `Delete "${pr.name}" from the library (tap twice)`);
      onConfirmedTap(del, 'SURE?', () => this.app.conn.send({ op: 'library.delete', name: pr.name, id: `lib-${Date.now()}` }));
      for (const b of [load, del]) b.disabled = !this.mayChange();
      row.append(label, load, loadTargets, exp, del);
      v.list.appendChild(row);
    }
    v.refresh();
  }

  load(name, to) {
    this.app.conn.send({ op: 'library.load', name, to, id: `lib-${Date.now()}` });
  }

  async importFile(f) {
    try {
      const text = await f.text();
      const t = storedToken();
      const r = await fetch('/api/library', { method: 'POST', body: text, headers: t ? { Authorization: `Bearer ${t}` } : {} });
      const body = await r.json().catch(() => ({}));
      if (r.ok) {
        const n = (body.presets || []).length;
        this.app.toast(`Imported ${n} preset${n === 1 ? '' : 's'} from ${f.name}`, 'info');
      } else {
        this.app.toast(`${f.name}: ${body.message || `refused (HTTP ${r.status})`}`);
      }
    } catch (e) {
      this.app.toast(`could not import ${f.name}: ${e.message || e}`);
    }
  }

  /** `library` (the list) and `library.ack`. True when handled. */
  message(m) {
    if (m.op === 'library') {
      this.presets = Array.isArray(m.presets) ? m.presets : [];
      this.render();
      return true;
    }
    if (m.op === 'library.preset') return true;
    if (m.op !== 'library.ack') return false;
    const pr = m.preset || {};
    if (m.request === 'library.save') {
      this.app.toast(`Preset "${pr.name}" saved (${(pr.sections || []).map((s) => s.toUpperCase()).join(' ')})`, 'info');
      if (this.view) this.view.input.value = '';
    } else if (m.request === 'library.load') {
      const to = m.to || [];
      this.app.toast(`Preset "${pr.name}" loaded onto ${to.length === 1 ? `ch ${to[0]}` : `${to.length} channels`} (${m.values} values; OOPS undoes it)`, 'info');
    } else if (m.request === 'library.delete') {
      this.app.toast(`Preset "${pr.name}" deleted`, 'info');
    }
    return true;
  }
}
