// Copy and paste by section (docs/ui.md, "Copy & paste"): in a channel's detail, pick the sections
// (HPF, GATE, EQ, COMP, SENDS, or ALL) and the channels to paste them onto, then PASTE — one `paste`
// message (docs/protocol.md): the server copies this channel's values as they are now, authorizes
// every value written, and keeps the whole paste as one OOPS entry. Every device follows through the
// usual changes. The choice of sections and targets is this device's own, kept while the page lives.

import { onTap, ui } from './gesture.js';

export const SECTIONS = [['hpf', 'HPF'], ['gate', 'GATE'], ['eq', 'EQ'], ['comp', 'COMP'], ['sends', 'SENDS']];

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function toggle(label, on, fn, cls) {
  const b = el('button', `${cls || ''} ${on ? 'on' : ''}`.trim(), label);
  b.type = 'button';
  b.setAttribute('aria-pressed', String(on));
  b.addEventListener('click', () => { if (!ui.locked) fn(b); });
  return b;
}

export class CopyPaste {
  constructor(app) {
    this.app = app;
    this.sections = new Set(['eq']);
    this.targets = new Set();
  }

  /** The detail's "Copy & paste" panel for channel ch. section: the detail's panel builder. */
  panel(parent, ch, section) {
    const p = section('Copy & paste', 'paste-panel');
    const secs = el('div', 'paste-sections');
    secs.setAttribute('aria-label', 'Sections to copy');
    const allSecs = () => SECTIONS.every(([k]) => this.sections.has(k));
    const render = () => {
      for (const b of secs.querySelectorAll('button')) {
        const on = b.dataset.section === 'all' ? allSecs() : this.sections.has(b.dataset.section);
        b.classList.toggle('on', on);
        b.setAttribute('aria-pressed', String(on));
      }
      for (const b of chs.querySelectorAll('button[data-ch]')) {
        const on = this.targets.has(Number(b.dataset.ch));
        b.classList.toggle('on', on);
        b.setAttribute('aria-pressed', String(on));
      }
      go.disabled = !this.sections.size || ![...this.targets].some((t) => t !== ch);
    };
    for (const [k, label] of SECTIONS) {
      const b = toggle(label, false, () => { if (this.sections.has(k)) this.sections.delete(k); else this.sections.add(k); render(); });
      b.dataset.section = k;
      secs.appendChild(b);
    }
    const all = toggle('ALL', false, () => {
      if (allSecs()) this.sections.clear(); else for (const [k] of SECTIONS) this.sections.add(k);
      render();
    });
    all.dataset.section = 'all';
    secs.appendChild(all);

    const chs = el('div', 'paste-targets');
    chs.setAttribute('aria-label', 'Channels to paste onto');
    const n = this.app.store.layout.channels.length;
    this.targets.delete(ch);
    for (let i = 1; i <= n; i++) {
      const b = toggle(String(i), false, () => { if (this.targets.has(i)) this.targets.delete(i); else this.targets.add(i); render(); }, 'paste-ch');
      b.dataset.ch = String(i);
      b.title = this.app.store.layout.channels[i - 1].name || `ch ${i}`;
      if (i === ch) { b.disabled = true; b.title = 'this channel: the source'; }
      chs.appendChild(b);
    }
    const every = toggle('ALL CH', false, () => {
      const others = [...Array(n).keys()].map((i) => i + 1).filter((i) => i !== ch);
      if (others.every((i) => this.targets.has(i))) this.targets.clear(); else for (const i of others) this.targets.add(i);
      render();
    }, 'paste-every');
    const go = el('button', 'paste-go', 'PASTE');
    go.type = 'button';
    go.title = `Copy these sections of channel ${ch} onto the chosen channels`;
    onTap(go, () => {
      const to = [...this.targets].filter((t) => t !== ch).sort((a, b) => a - b);
      if (!to.length || !this.sections.size) return;
      const sections = allSecs() ? ['all'] : SECTIONS.map(([k]) => k).filter((k) => this.sections.has(k));
      this.app.conn.send({ op: 'paste', from: ch, to, sections, id: `paste-${Date.now()}` });
    });
    const row = el('div', 'paste-go-row');
    row.append(every, go);
    p.body.append(secs, chs, row);
    parent.appendChild(p.s);
    render();
  }

  /** `paste.ack`: say what was done. True when handled. */
  message(m) {
    if (m.op !== 'paste.ack') return false;
    const names = (m.sections || []).map((s) => s.toUpperCase()).join(' ');
    const to = m.to || [];
    this.app.toast(`${names} of ch ${m.from} pasted onto ${to.length === 1 ? `ch ${to[0]}` : `${to.length} channels`} (${m.values} values; OOPS undoes it)`, 'info');
    return true;
  }
}
