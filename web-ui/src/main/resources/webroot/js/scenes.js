// Scenes view: the show's scene list with the current cue marker, RECALL (the scene's own fade or
// one picked here), SAVE (an inline name field, no window.prompt: it works on a tablet's keyboard),
// UPDATE (overwrite the selected scene, tapped twice to confirm), UNDO (when the server says a
// recall can be undone) and GO / BACK through the cue list. Everything shown comes from the
// server's `scenes` message, which every client gets after any change (docs/protocol.md), so all
// tablets stay in step; a tap only sends a request.

import { ui, onTap } from './gesture.js';

/** Fade presets, seconds; null = the scene's own fade (no fadeMs sent). */
const FADES = [[null, 'SCENE'], [0, '0'], [1, '1 s'], [3, '3 s'], [5, '5 s']];
const MAX_FADE_S = 600;
const MAX_NAME = 48;
const CONFIRM_MS = 3000;

function fmtFade(ms) {
  if (!ms) return 'cut';
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export class ScenesView {
  constructor(app) {
    this.app = app;
    this.root = document.getElementById('scenesview');
    /** null until the server answered scene.list; false on a server without scenes. */
    this.available = null;
    this.scenes = [];
    this.cues = [];
    this.currentCue = -1;
    this.canUndo = false;
    this.selected = null; // scene id
    this.fadeS = null;    // null = the scene's own fade
    this.pending = new Map(); // request id -> op
    this.confirmTimer = 0;
    this.build();
    ui.lockListeners.add(() => this.render());
  }

  build() {
    this.root.textContent = '';
    this.root.innerHTML = `
      <section class="panel scenes-list" aria-label="Scenes">
        <header><h3>Scenes</h3><span class="scenes-count"></span></header>
        <ol class="scene-rows" role="listbox" aria-label="Scene list"></ol>
        <p class="scenes-empty"></p>
      </section>
      <section class="panel scenes-cue" aria-label="Cue list">
        <header><h3>Cue</h3><span class="cue-pos"></span></header>
        <div class="cue-now"></div>
        <div class="cue-next"></div>
        <div class="cue-buttons">
          <button type="button" class="scene-back">◀ BACK</button>
          <button type="button" class="scene-go">GO ▶</button>
        </div>
        <ol class="cue-rows" aria-label="Cue list"></ol>
      </section>
      <section class="panel scenes-recall" aria-label="Recall">
        <header><h3>Selected</h3><span class="scene-selected"></span></header>
        <div class="fade-row">
          <span class="fade-label">FADE</span>
          <div class="choice scene-fades"></div>
          <label class="fade-custom"><input type="number" class="scene-fade" min="0" max="${MAX_FADE_S}" step="0.1"
            inputmode="decimal" placeholder="scene" aria-label="Fade time in seconds"><span>s</span></label>
        </div>
        <div class="recall-buttons">
          <button type="button" class="scene-recall">RECALL</button>
          <button type="button" class="scene-update">UPDATE</button>
          <button type="button" class="scene-undo">UNDO</button>
        </div>
        <div class="edit-buttons">
          <button type="button" class="scene-up" aria-label="Move the scene up">▲</button>
          <button type="button" class="scene-down" aria-label="Move the scene down">▼</button>
          <button type="button" class="scene-delete">DELETE</button>
        </div>
        <form class="rename-row" autocomplete="off">
          <input type="text" class="scene-rename" maxlength="${MAX_NAME}" enterkeyhint="done" autocapitalize="words"
            spellcheck="false" placeholder="New name" aria-label="New name of the selected scene">
          <button type="submit" class="scene-rename-go">RENAME</button>
        </form>
        <div class="scene-hint" aria-live="polite"></div>
      </section>
      <section class="panel scenes-save" aria-label="Save a new scene">
        <header><h3>New scene</h3></header>
        <form class="save-row" autocomplete="off">
          <input type="text" class="scene-name" maxlength="${MAX_NAME}" enterkeyhint="done" autocapitalize="words"
            spellcheck="false" placeholder="Name, e.g. Act 1" aria-label="Name of the new scene">
          <button type="submit" class="scene-save">SAVE</button>
        </form>
      </section>`;
    const q = (s) => this.root.querySelector(s);
    this.rows = q('.scene-rows');
    this.empty = q('.scenes-empty');
    this.count = q('.scenes-count');
    this.cueRows = q('.cue-rows');
    this.fadeInput = q('.scene-fade');
    this.nameInput = q('.scene-name');
    this.btn = {
      go: q('.scene-go'), back: q('.scene-back'), recall: q('.scene-recall'), update: q('.scene-update'),
      undo: q('.scene-undo'), save: q('.scene-save'),
      up: q('.scene-up'), down: q('.scene-down'), del: q('.scene-delete'), rename: q('.scene-rename-go'),
    };
    this.renameInput = q('.scene-rename');
    // Edit the selected scene (docs/protocol.md: scene.move, scene.rename, scene.delete).
    onTap(this.btn.up, () => this.move(-1));
    onTap(this.btn.down, () => this.move(1));
    onTap(this.btn.del, () => this.remove());
    q('.rename-row').addEventListener('submit', (e) => {
      e.preventDefault();
      if (ui.locked || document.body.classList.contains('offline')) return;
      const sel = this.scene(this.selected);
      const name = this.renameInput.value.trim();
      if (!sel || !name) { this.hint('Select a scene, type its new name, then RENAME.'); return; }
      this.request({ op: 'scene.rename', scene: sel.id, name });
    });
    const fades = q('.scene-fades');
    this.fadeButtons = [];
    for (const [s, label] of FADES) {
      const b = el('button', '', label);
      b.type = 'button';
      b.dataset.fade = s === null ? '' : String(s);
      b.title = s === null ? "The scene's own fade time" : `Fade over ${label}`;
      onTap(b, () => this.setFade(s));
      this.fadeButtons.push(b);
      fades.appendChild(b);
    }
    this.fadeInput.addEventListener('change', () => {
      const t = this.fadeInput.value.trim();
      const s = t === '' ? null : Number(t);
      if (s !== null && !(Number.isFinite(s) && s >= 0 && s <= MAX_FADE_S)) {
        this.app.toast(`a fade is 0 to ${MAX_FADE_S} seconds, not ${t}`);
        this.setFade(this.fadeS);
        return;
      }
      this.setFade(s);
    });
    onTap(this.btn.go, () => this.request({ op: 'scene.go' }));
    onTap(this.btn.back, () => this.request({ op: 'scene.back' }));
    onTap(this.btn.undo, () => this.request({ op: 'scene.undo' }));
    onTap(this.btn.recall, () => {
      if (this.selected === null) return;
      const m = { op: 'scene.recall', scene: this.selected };
      if (this.fadeS !== null) m.fadeMs = Math.round(this.fadeS * 1000);
      this.request(m);
    });
    onTap(this.btn.update, () => this.update());
    q('.save-row').addEventListener('submit', (e) => {
      e.preventDefault();
      if (ui.locked || document.body.classList.contains('offline')) return;
      this.save();
    });
    this.setFade(null);
    this.render();
  }

  /** Asks for the list (after every snapshot: a reconnect starts from scratch). */
  connected() {
    this.request({ op: 'scene.list' });
  }

  request(m) {
    const id = `scn-${this.app.conn.nextId++}`;
    this.pending.set(id, m.op);
    if (!this.app.conn.send({ ...m, id })) this.pending.delete(id);
    return id;
  }

  setFade(s) {
    this.fadeS = s;
    for (const b of this.fadeButtons) b.classList.toggle('on', b.dataset.fade === (s === null ? '' : String(s)));
    this.fadeInput.value = s === null ? '' : String(s);
  }

  save() {
    const name = this.nameInput.value.trim();
    if (!name) {
      this.nameInput.focus();
      this.hint('Type a name for the new scene, then SAVE.');
      return;
    }
    this.request({ op: 'scene.save', name });
  }

  update() {
    const s = this.scene(this.selected);
    if (!s) return;
    if (!this.btn.update.classList.contains('confirm')) {
      // Overwriting a scene mid-show is not undoable: a second tap confirms.
      this.btn.update.classList.add('confirm');
      this.btn.update.textContent = 'CONFIRM';
      this.hint(`Tap CONFIRM to overwrite “${s.name}” with the console as it is now.`);
      clearTimeout(this.confirmTimer);
      this.confirmTimer = setTimeout(() => this.cancelConfirm(), CONFIRM_MS);
      return;
    }
    this.cancelConfirm();
    this.request({ op: 'scene.update', scene: s.id });
  }

  cancelConfirm() {
    clearTimeout(this.confirmTimer);
    this.btn.update.classList.remove('confirm');
    this.btn.update.textContent = 'UPDATE';
    if (this.btn.del) {
      this.btn.del.classList.remove('confirm');
      this.btn.del.textContent = 'DELETE';
    }
    this.hint('');
  }

  /** Moves the selected scene one place up (-1) or down (+1) in the list. */
  move(d) {
    const i = this.scenes.findIndex((s) => s.id === this.selected);
    const to = i + d;
    if (i < 0 || to < 0 || to >= this.scenes.length) return;
    this.request({ op: 'scene.move', scene: this.selected, index: to });
  }

  /** Deletes the selected scene: a second tap within 3 s confirms (its cues go too). */
  remove() {
    const s = this.scene(this.selected);
    if (!s) return;
    if (!this.btn.del.classList.contains('confirm')) {
      this.cancelConfirm();
      this.btn.del.classList.add('confirm');
      this.btn.del.textContent = 'CONFIRM';
      this.hint(`Tap CONFIRM to delete “${s.name}” and its cues.`);
      clearTimeout(this.confirmTimer);
      this.confirmTimer = setTimeout(() => this.cancelConfirm(), CONFIRM_MS);
      return;
    }
    this.cancelConfirm();
    this.request({ op: 'scene.delete', scene: s.id });
  }

  hint(text) {
    this.root.querySelector('.scene-hint').textContent = text;
  }

  scene(id) {
    return this.scenes.find((s) => s.id === id) || null;
  }

  select(id) {
    if (this.selected !== id) this.cancelConfirm();
    this.selected = id;
    this.render();
  }

  /** Messages the protocol layer does not know: `scenes`, `scene.ack`, `scene`. */
  message(m) {
    if (m.op === 'scenes') {
      this.available = true;
      this.scenes = Array.isArray(m.scenes) ? m.scenes : [];
      this.cues = Array.isArray(m.cues) ? m.cues : [];
      this.currentCue = Number.isInteger(m.currentCue) ? m.currentCue : -1;
      this.canUndo = m.canUndo === true;
      if (this.selected !== null && !this.scene(this.selected)) this.selected = null;
      if (this.selected === null) {
        const cur = this.cueScene(this.currentCue);
        this.selected = cur ? cur.id : (this.scenes[0] ? this.scenes[0].id : null);
      }
      this.render();
      return;
    }
    if (m.op !== 'scene.ack') return;
    this.pending.delete(m.id);
    const s = m.scene;
    switch (m.request) {
      case 'scene.save':
        this.nameInput.value = '';
        this.nameInput.blur();
        if (s) this.selected = s.id;
        this.app.toast(`Saved “${s ? s.name : ''}” as scene ${s ? s.id : ''}`, 'info');
        break;
      case 'scene.update':
        this.app.toast(`Updated “${s ? s.name : ''}”`, 'info');
        break;
      case 'scene.recall': case 'scene.go': case 'scene.back': case 'scene.goto': {
        const kept = m.keptSafe ? `, ${m.keptSafe} kept by safes` : '';
        const fade = m.fadeMs ? ` over ${fmtFade(m.fadeMs)}` : '';
        this.app.toast(`Recalled “${s ? s.name : ''}”: ${m.changed} values${fade}${kept}`, 'info');
        break;
      }
      case 'scene.undo':
        this.app.toast(`Undone: ${m.changed} values back`, 'info');
        break;
      case 'scene.rename':
        this.renameInput.value = '';
        this.renameInput.blur();
        this.app.toast(`Renamed to “${s ? s.name : ''}”`, 'info');
        break;
      case 'scene.delete':
        this.app.toast('Scene deleted', 'info');
        break;
      default:
    }
    this.render();
  }

  /** An error answering one of our requests. Returns true when it needs no toast. */
  error(m) {
    const op = this.pending.get(m.id);
    if (op === undefined) return false;
    this.pending.delete(m.id);
    if (m.code === 'no_scenes') {
      this.available = false;
      this.render();
      return true;
    }
    return false;
  }

  /** The scene the cue at position i runs (the scene list in order when there is no cue list). */
  cueScene(i) {
    if (i < 0) return null;
    if (this.cues.length === 0) return this.scenes[i] || null;
    const c = this.cues[i];
    return c ? this.scene(c.scene) : null;
  }

  cueLabel(i) {
    const s = this.cueScene(i);
    const c = this.cues.length ? this.cues[i] : null;
    if (c && c.label) return `${c.label}${s ? ` (${s.name})` : ''}`;
    return s ? s.name : '';
  }

  render() {
    const locked = ui.locked;
    const has = this.available === true;
    this.root.classList.toggle('no-scenes', this.available === false);
    this.empty.textContent = this.available === false
      ? 'This server keeps no scenes. Start the console with ./jackdesk start to save and recall scenes.'
      : this.available === null ? 'Loading scenes…'
        : this.scenes.length === 0 ? 'No scenes yet: set the console up, type a name under NEW SCENE and SAVE.' : '';
    this.empty.hidden = has && this.scenes.length > 0;
    this.count.textContent = has ? String(this.scenes.length) : '';

    const size = this.cues.length ? this.cues.length : this.scenes.length;
    const current = this.cueScene(this.currentCue);
    this.rows.textContent = '';
    this.scenes.forEach((s, i) => {
      const li = el('li', 'scene-row');
      li.dataset.scene = String(s.id);
      li.setAttribute('role', 'option');
      const isCurrent = this.cues.length === 0 ? i === this.currentCue : !!current && current.id === s.id;
      li.classList.toggle('current', isCurrent);
      li.classList.toggle('selected', s.id === this.selected);
      li.setAttribute('aria-selected', String(s.id === this.selected));
      li.append(el('span', 'scene-marker', isCurrent ? '▶' : ''), el('span', 'scene-num', String(s.id)),
        el('span', 'scene-name-text', s.name),
        el('span', 'scene-meta', [s.scope && s.scope.length ? s.scope.join(' ') : 'all', s.fadeMs ? fmtFade(s.fadeMs) : '']
          .filter(Boolean).join(' · ')));
      li.addEventListener('click', () => this.select(s.id));
      this.rows.appendChild(li);
    });

    this.cueRows.textContent = '';
    this.cueRows.hidden = this.cues.length === 0;
    this.cues.forEach((c, i) => {
      const li = el('li', 'cue-row');
      li.classList.toggle('current', i === this.currentCue);
      li.append(el('span', 'scene-marker', i === this.currentCue ? '▶' : ''), el('span', 'scene-num', String(i + 1)),
        el('span', 'scene-name-text', this.cueLabel(i)), el('span', 'scene-meta', c.fadeMs >= 0 ? fmtFade(c.fadeMs) : ''));
      this.cueRows.appendChild(li);
    });
    const q = (s) => this.root.querySelector(s);
    q('.cue-pos').textContent = size ? `${this.currentCue >= 0 ? this.currentCue + 1 : '–'} / ${size}` : '';
    q('.cue-now').textContent = this.currentCue >= 0 ? this.cueLabel(this.currentCue) : (size ? 'Ready' : '—');
    const next = this.currentCue + 1 < size ? this.cueLabel(this.currentCue + 1) : '';
    q('.cue-next').textContent = next ? `next: ${next}` : size ? 'last cue' : '';
    this.root.dataset.currentCue = String(this.currentCue);

    const sel = this.scene(this.selected);
    q('.scene-selected').textContent = sel ? `${sel.id} · ${sel.name}` : 'none';
    const off = locked || !has;
    this.btn.go.disabled = off || this.currentCue + 1 >= size;
    this.btn.back.disabled = off || this.currentCue <= 0;
    this.btn.recall.disabled = off || !sel;
    this.btn.update.disabled = off || !sel;
    this.btn.undo.disabled = off || !this.canUndo;
    this.btn.save.disabled = off;
    const at = sel ? this.scenes.findIndex((x) => x.id === sel.id) : -1;
    this.btn.up.disabled = off || at <= 0;
    this.btn.down.disabled = off || at < 0 || at >= this.scenes.length - 1;
    this.btn.del.disabled = off || !sel;
    this.btn.rename.disabled = off || !sel;
    this.renameInput.disabled = off || !sel;
    this.nameInput.disabled = off;
    this.fadeInput.disabled = off;
    for (const b of this.fadeButtons) b.disabled = off;
    if (!sel) this.cancelConfirm();
  }
}
