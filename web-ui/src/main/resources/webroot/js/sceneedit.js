// Scene safes and cue-list editing (docs/ui.md, "Scenes"): two panels in the SCENES view beside the
// scene list. SAFES: a button per section (EQ, FADER, …: a recall never changes what is safe) and any
// strip or selector typed in (`ch/16`, `bus/2`, `ch/1..8`), each safe a chip with ✕. CUE LIST: + CUE
// appends the selected scene with the fade picked under FADE and an optional label; each cue has ▲ ▼ ✕.
// Every change sends the whole new list (`scene.safes`, `scene.cues`, docs/protocol.md) and shows only
// what the server's `scenes` message then says, so every tablet stays in step.

import { ui, onTap } from './gesture.js';

/** Sections.ALL (docs/shows.md), in signal order. */
const SECTIONS = ['input', 'hpf', 'gate', 'eq', 'comp', 'order', 'pan', 'fader', 'mute', 'solo', 'routing', 'sends', 'groups', 'tools', 'fx'];

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export class SceneEditor {
  constructor(app) {
    this.app = app;
    this.view = app.scenesView;
    this.safes = [];
    this.cues = [];
    const root = this.view.root;

    this.safePanel = el('section', 'panel scenes-safes');
    this.safePanel.setAttribute('aria-label', 'Recall safes');
    const sh = el('header');
    sh.appendChild(el('h3', '', 'Safes'));
    sh.appendChild(el('span', 'safes-hint', 'a recall never changes these'));
    this.sectionRow = el('div', 'safe-sections');
    for (const s of SECTIONS) {
      const b = el('button', 'safe-section', s.toUpperCase());
      b.type = 'button';
      b.dataset.safe = s;
      onTap(b, () => this.toggleSafe(s));
      this.sectionRow.appendChild(b);
    }
    const form = el('form', 'safe-add-row');
    form.autocomplete = 'off';
    this.safeInput = el('input', 'safe-input');
    this.safeInput.type = 'text';
    this.safeInput.placeholder = 'ch/16, bus/2, ch/1..8/eq';
    this.safeInput.setAttribute('aria-label', 'A strip or selector to keep safe');
    this.safeInput.setAttribute('enterkeyhint', 'done');
    this.safeInput.spellcheck = false;
    this.safeInput.setAttribute('autocapitalize', 'none');
    const add = el('button', 'safe-add', 'ADD');
    add.type = 'submit';
    form.append(this.safeInput, add);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (ui.locked) return;
      const v = this.safeInput.value.trim();
      if (!v || this.safes.includes(v)) return;
      this.sendSafes([...this.safes, v]);
      this.safeInput.value = '';
      this.safeInput.blur();
    });
    this.chips = el('div', 'safe-chips');
    this.safePanel.append(sh, this.sectionRow, form, this.chips);

    this.cuePanel = el('section', 'panel scenes-cuelist');
    this.cuePanel.setAttribute('aria-label', 'Cue list editor');
    const ch = el('header');
    ch.appendChild(el('h3', '', 'Cue list'));
    const cueForm = el('form', 'cue-add-row');
    cueForm.autocomplete = 'off';
    this.labelInput = el('input', 'cue-label-input');
    this.labelInput.type = 'text';
    this.labelInput.maxLength = 48;
    this.labelInput.placeholder = 'Label (optional)';
    this.labelInput.setAttribute('aria-label', 'Label of the new cue');
    this.labelInput.setAttribute('enterkeyhint', 'done');
    const addCue = el('button', 'cue-add', '+ CUE');
    addCue.type = 'submit';
    addCue.title = 'Append the selected scene, with the fade picked under FADE';
    cueForm.append(this.labelInput, addCue);
    cueForm.addEventListener('submit', (e) => {
      e.preventDefault();
      if (ui.locked) return;
      const s = this.view.scene(this.view.selected);
      if (!s) { this.app.toast('Select a scene first'); return; }
      const cue = { scene: s.id, label: this.labelInput.value.trim() };
      if (this.view.fadeS !== null) cue.fadeMs = Math.round(this.view.fadeS * 1000);
      this.sendCues([...this.cues, cue]);
      this.labelInput.value = '';
      this.labelInput.blur();
    });
    this.cueList = el('ol', 'cue-edit-rows');
    this.cuePanel.append(ch, cueForm, this.cueList);
    root.append(this.safePanel, this.cuePanel);
    ui.lockListeners.add(() => this.render());
    this.render();
  }

  /** `scenes` (after any change, on every device). */
  message(m) {
    if (m.op !== 'scenes') return;
    this.safes = Array.isArray(m.safes) ? m.safes.map(String) : [];
    this.cues = Array.isArray(m.cues) ? m.cues.map((c) => ({ ...c })) : [];
    this.render();
  }

  toggleSafe(s) {
    this.sendSafes(this.safes.includes(s) ? this.safes.filter((x) => x !== s) : [...this.safes, s]);
  }

  sendSafes(list) {
    this.view.request({ op: 'scene.safes', safes: list });
  }

  sendCues(list) {
    this.view.request({ op: 'scene.cues', cues: list.map((c) => {
      const o = { scene: c.scene, label: c.label || '' };
      if (Number.isInteger(c.fadeMs) && c.fadeMs >= 0) o.fadeMs = c.fadeMs;
      return o;
    }) });
  }

  moveCue(i, d) {
    const j = i + d;
    if (j < 0 || j >= this.cues.length) return;
    const list = [...this.cues];
    [list[i], list[j]] = [list[j], list[i]];
    this.sendCues(list);
  }

  render() {
    const off = ui.locked || this.view.available !== true;
    for (const b of this.sectionRow.querySelectorAll('button')) {
      const on = this.safes.includes(b.dataset.safe);
      b.classList.toggle('on', on);
      b.setAttribute('aria-pressed', String(on));
      b.disabled = off;
    }
    this.chips.textContent = '';
    for (const s of this.safes) {
      const chip = el('span', 'safe-chip');
      chip.dataset.safe = s;
      chip.appendChild(el('span', '', s));
      const x = el('button', 'safe-remove', '✕');
      x.type = 'button';
      x.setAttribute('aria-label', `No longer safe: ${s}`);
      x.disabled = off;
      onTap(x, () => this.sendSafes(this.safes.filter((y) => y !== s)));
      chip.appendChild(x);
      this.chips.appendChild(chip);
    }
    this.cueList.textContent = '';
    this.cues.forEach((c, i) => {
      const li = el('li', 'cue-edit-row');
      li.dataset.index = String(i);
      const s = this.view.scene(c.scene);
      const fade = Number.isInteger(c.fadeMs) && c.fadeMs >= 0 ? (c.fadeMs ? `${c.fadeMs / 1000} s` : 'cut') : 'scene fade';
      li.append(el('span', 'scene-num', String(i + 1)), el('span', 'scene-name-text', `${c.label ? `${c.label} · ` : ''}${s ? s.name : `scene ${c.scene}`}`),
        el('span', 'scene-meta', fade));
      for (const [cls, label, fn] of [['cue-up', '▲', () => this.moveCue(i, -1)], ['cue-down', '▼', () => this.moveCue(i, 1)],
        ['cue-remove', '✕', () => this.sendCues(this.cues.filter((_, k) => k !== i))]]) {
        const b = el('button', cls, label);
        b.type = 'button';
        b.disabled = off || (cls === 'cue-up' && i === 0) || (cls === 'cue-down' && i === this.cues.length - 1);
        onTap(b, fn);
        li.appendChild(b);
      }
      this.cueList.appendChild(li);
    });
    if (!this.cues.length) this.cueList.appendChild(el('li', 'cue-edit-empty', 'No cue list: GO walks the scenes in list order.'));
  }
}
