// The feedback view (docs/assistants.md): the feedback suppressor on the main and on every aux bus.
// Per bus: its mode (OFF / SUGGEST / AUTO), the suppressor's suggestions each with a one-tap NOTCH,
// and its notches (frequency, depth, a FIXED switch so AUTO never reuses a rung-out notch, CLEAR).
// Below, the log of every decision (time, bus, frequency, depth). The notches are parameters
// (main/fbs/notch/I/…), so the list follows the store; suggestions and the log come in the
// server's `feedback` messages (and `feedback.status`, asked when the view opens).

import { Choice, Toggle } from './buttons.js';
import { onTap } from './gesture.js';

const MODES = [['off', 'OFF'], ['suggest', 'SUGGEST'], ['auto', 'AUTO']];
const NOTCHES = 12;

function hz(f) {
  return f >= 1000 ? `${(f / 1000).toFixed(f >= 10000 ? 1 : 2)} kHz` : `${Math.round(f)} Hz`;
}

function clock(ms) {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

export class FeedbackView {
  constructor(app) {
    this.app = app;
    this.root = document.getElementById('feedbackview');
    this.buses = [];
    this.controls = [];
    this.unsubs = [];
    this.status = { buses: [], log: [] };
  }

  build() {
    for (const c of this.controls) { if (c.unsub) c.unsub(); if (c.unsubTouch) c.unsubTouch(); }
    for (const u of this.unsubs) u();
    this.controls = [];
    this.unsubs = [];
    this.buses = [];
    this.root.textContent = '';
    const { store, conn } = this.app;
    const names = ['main', ...(store.layout.buses || []).map((b, i) => `bus/${i + 1}`)];
    const list = document.createElement('div');
    list.className = 'fbs-buses';
    names.forEach((name, i) => {
      const title = name === 'main' ? 'MAIN' : `BUS ${i}${store.layout.buses[i - 1].name ? ` ${store.layout.buses[i - 1].name}` : ''}`;
      const panel = document.createElement('section');
      panel.className = 'panel fbs-bus';
      panel.dataset.bus = name;
      panel.innerHTML = `<header><h3></h3></header><div class="panel-body"><div class="fbs-suggestions"></div><div class="fbs-notches"></div></div>`;
      panel.querySelector('h3').textContent = title;
      const mode = new Choice(store, conn, `${name}/fbs/mode`, MODES);
      mode.el.classList.add('fbs-mode');
      this.controls.push(mode);
      panel.querySelector('header').appendChild(mode.el);
      const bus = { name, panel, suggestions: panel.querySelector('.fbs-suggestions'), notches: panel.querySelector('.fbs-notches'), rows: [] };
      for (let k = 1; k <= NOTCHES; k++) {
        const row = document.createElement('div');
        row.className = 'fbs-notch';
        row.dataset.notch = String(k);
        const label = document.createElement('span');
        label.className = 'fbs-notch-label';
        const fixed = new Toggle(store, conn, `${name}/fbs/notch/${k}/fixed`, 'FIXED');
        this.controls.push(fixed);
        const clear = document.createElement('button');
        clear.type = 'button';
        clear.className = 'fbs-clear';
        clear.textContent = 'CLEAR';
        onTap(clear, () => conn.send({ op: 'feedback.clear', bus: name, notch: k }));
        row.append(label, fixed.el, clear);
        bus.notches.appendChild(row);
        bus.rows.push({ row, label, k });
        for (const p of ['freq', 'depth']) this.unsubs.push(store.on(`${name}/fbs/notch/${k}/${p}`, () => this.renderNotches(bus)));
      }
      this.unsubs.push(store.on(`${name}/fbs/mode`, () => this.renderSuggestions(bus)));
      this.renderNotches(bus);
      this.renderSuggestions(bus);
      list.appendChild(panel);
      this.buses.push(bus);
    });
    this.root.appendChild(list);
    const log = document.createElement('section');
    log.className = 'panel fbs-log';
    log.innerHTML = '<header><h3>LOG</h3></header><ol class="fbs-log-list"></ol>';
    this.logList = log.querySelector('ol');
    this.root.appendChild(log);
    this.renderLog();
  }

  /** The view opens: ask for the suggestions and the log (they are not parameters). */
  shown(on) {
    if (on && document.body.dataset.connection === 'online') this.app.conn.send({ op: 'feedback.status', id: 'feedback.status' });
  }

  renderNotches(bus) {
    const { store } = this.app;
    let n = 0;
    for (const r of bus.rows) {
      const depth = store.num(`${bus.name}/fbs/notch/${r.k}/depth`) || 0;
      const on = depth > 0;
      r.row.hidden = !on;
      if (on) {
        n++;
        r.label.textContent = `${hz(store.num(`${bus.name}/fbs/notch/${r.k}/freq`))}  −${depth.toFixed(0)} dB`;
      }
    }
    bus.panel.dataset.notches = String(n);
  }

  renderSuggestions(bus) {
    const s = this.status.buses.find((b) => b.bus === bus.name);
    const freqs = s && this.app.store.get(`${bus.name}/fbs/mode`) !== 'off' ? s.suggestions || [] : [];
    bus.suggestions.textContent = '';
    for (const f of freqs) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'fbs-take';
      b.dataset.freq = String(f);
      b.textContent = `NOTCH ${hz(f)}`;
      onTap(b, () => this.app.conn.send({ op: 'feedback.take', bus: bus.name, freq: f }));
      bus.suggestions.appendChild(b);
    }
  }

  renderLog() {
    if (!this.logList) return;
    this.logList.textContent = '';
    const entries = (this.status.log || []).slice().reverse();
    for (const e of entries) {
      const li = document.createElement('li');
      li.dataset.what = e.what;
      const where = e.bus === 'main' ? 'MAIN' : e.bus.replace('bus/', 'BUS ');
      li.textContent = `${clock(e.time)}  ${where}  ${hz(e.freq)}  ${e.depth > 0 ? `−${e.depth.toFixed(0)} dB` : ''}  ${e.what}`;
      this.logList.appendChild(li);
    }
  }

  /** Server messages: the `feedback` broadcast and the answers to feedback ops. True when handled. */
  message(m) {
    const s = m.op === 'feedback' ? m : (typeof m.op === 'string' && m.op.startsWith('feedback.') ? m.feedback : null);
    if (!s) return false;
    this.status = { buses: s.buses || [], log: s.log || [] };
    // The notches as the console holds them now: the answer to this tablet's own take or clear is
    // how it learns of them (the server sends no `changed` back to the device that made the change).
    const { store } = this.app;
    for (const sb of this.status.buses) {
      if (!Array.isArray(sb.notches)) continue;
      const cutting = new Map(sb.notches.map((n) => [n.notch, n]));
      for (let k = 1; k <= NOTCHES; k++) {
        const n = cutting.get(k);
        const base = `${sb.bus}/fbs/notch/${k}/`;
        if (n) {
          if (store.num(`${base}freq`) !== n.freq) store.put(`${base}freq`, n.freq);
          if (store.num(`${base}depth`) !== n.depth) store.put(`${base}depth`, n.depth);
          if (store.bool(`${base}fixed`) !== n.fixed) store.put(`${base}fixed`, n.fixed);
        } else if ((store.num(`${base}depth`) || 0) > 0) {
          store.put(`${base}depth`, 0);
        }
      }
    }
    for (const b of this.buses) this.renderSuggestions(b);
    this.renderLog();
    return true;
  }
}
