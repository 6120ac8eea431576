// OOPS: the console's last 100 parameter changes and strip renames (docs/protocol.md, history.list), newest first —
// time, who, what, from → to — each with UNDO: one tap puts it back on the server (history.undo,
// with this device's role), and every device follows through the usual changes. A scene recall is
// one row; undoing it puts back every value it changed. The list is the server's, so every tablet
// shows the same one; it is asked for when opened and every second while it stays open.

import { onTap } from './gesture.js';
import { formatValue } from './store.js';

const REFRESH_MS = 1000;

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function clock(ms) {
  const d = new Date(ms);
  const two = (n) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

export class HistoryPanel {
  constructor(app) {
    this.app = app;
    this.open = false;
    this.timer = 0;
    this.entries = [];
    this.root = el('section', 'history-panel');
    this.root.id = 'history';
    this.root.setAttribute('aria-label', 'Change history');
    const head = el('header', 'history-head');
    head.appendChild(el('h2', '', 'OOPS — last changes'));
    this.undoLast = el('button', 'history-undo-last', 'UNDO LAST');
    this.undoLast.type = 'button';
    onTap(this.undoLast, () => {
      const last = this.entries.find((e) => !e.undone);
      if (last) this.undo(last.id);
    });
    const close = el('button', 'history-close', 'CLOSE');
    close.type = 'button';
    close.addEventListener('click', () => this.show(false)); // not a console control: the lock does not apply
    head.append(this.undoLast, close);
    this.list = el('ol', 'history-rows');
    this.empty = el('p', 'history-empty', 'No changes yet.');
    this.root.append(head, this.empty, this.list);
    document.body.appendChild(this.root);
  }

  wire() {
    const b = document.getElementById('oops');
    if (b) b.addEventListener('click', () => this.show(!this.open));
  }

  show(on) {
    this.open = on;
    document.body.classList.toggle('history-open', on);
    const b = document.getElementById('oops');
    if (b) b.classList.toggle('on', on);
    clearInterval(this.timer);
    if (on) {
      this.request();
      this.timer = setInterval(() => this.request(), REFRESH_MS);
    }
  }

  request() {
    if (document.body.dataset.connection === 'online') this.app.conn.send({ op: 'history.list' });
  }

  undo(id) {
    this.app.conn.send({ op: 'history.undo', entry: id });
  }

  /** Server messages of the history; true when handled. */
  message(m) {
    if (m.op === 'history') {
      this.entries = Array.isArray(m.entries) ? m.entries : [];
      this.render();
      return true;
    }
    if (m.op === 'history.undone') {
      this.app.toast(`Undone: ${m.what}`, 'info');
      this.request();
      return true;
    }
    return false;
  }

  /** A value as the list shows it; a change of a strip's name (field "name") or colour ("colour") is text, not a parameter. */
  fmt(c, v) {
    if (c.field === 'name') return `"${v}"`;
    if (c.field === 'colour') return v == null ? 'none' : String(v);
    return formatValue(this.app.store.def(c.path), v);
  }

  render() {
    const { conn } = this.app;
    this.list.textContent = '';
    this.empty.hidden = this.entries.length > 0;
    this.undoLast.disabled = !this.entries.some((e) => !e.undone);
    for (const e of this.entries) {
      const row = el('li', `history-row${e.undone ? ' undone' : ''}`);
      row.dataset.entry = String(e.id);
      const meta = el('div', 'history-meta');
      const who = conn.session ? String(e.who).replace(`tablet ${conn.session}`, 'this tablet') : String(e.who);
      meta.append(el('span', 'history-time', clock(e.time)), el('span', 'history-who', who));
      const what = el('div', 'history-what', e.what);
      const changes = el('div', 'history-values');
      const count = Number.isInteger(e.count) ? e.count : (e.changes || []).length;
      const shown = (e.changes || []).slice(0, count === 1 ? 1 : 3);
      for (const c of shown) {
        const line = el('div', 'history-value');
        line.textContent = `${count === 1 ? '' : `${c.path}  `}${this.fmt(c, c.from)} → ${this.fmt(c, c.to)}`;
        changes.appendChild(line);
      }
      if (count > shown.length) changes.appendChild(el('div', 'history-value more', `+ ${count - shown.length} more`));
      const body = el('div', 'history-body');
      body.append(meta, what, changes);
      const b = el('button', 'history-undo', e.undone ? 'UNDONE' : 'UNDO');
      b.type = 'button';
      b.disabled = !!e.undone;
      onTap(b, () => this.undo(e.id));
      row.append(body, b);
      this.list.appendChild(row);
    }
  }
}
