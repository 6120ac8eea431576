// The engineer's orientation aids around the mixer: which bank is on screen (the bank button lit),
// CLR SOLO in the top bar while anything is soloed, the phone's channel picker (a way to a channel
// above 16 without swiping through every strip), and the height of what stands above the views
// (top bar and banners), so the channel detail opens below every banner and never under one.

import { onTap } from './gesture.js';
import { MuteGroupColumn } from './reach.js';

const $ = (sel) => document.querySelector(sel);

export class Workflow {
  constructor(app) {
    this.app = app;
    this.soloUnsubs = [];
    this.soloed = new Set();
    this.scrollQueued = false;
    this.muteGroups = new MuteGroupColumn(app);
  }

  wire() {
    const strips = $('#strips');
    strips.addEventListener('scroll', () => this.queueScroll(), { passive: true });
    window.addEventListener('resize', () => this.queueScroll());
    onTap($('#clear-solo'), () => this.clearSolo());
    $('#chpick').addEventListener('change', (e) => {
      const n = Number(e.target.value);
      if (n) this.goToChannel(n);
    });
    // Everything above the views (top bar, oscillator banner, status notices, offline banner)
    // pushes the views down; the detail overlay starts below all of it.
    const above = ['#topbar', '#osc-banner', '#notices', '#offline'].map((s) => $(s)).filter(Boolean);
    const measure = () => {
      const bottom = Math.max(0, ...above.map((e) => (e.offsetParent === null && e !== $('#topbar') ? 0 : e.getBoundingClientRect().bottom)));
      document.body.style.setProperty('--chrome-h', `${Math.round(bottom)}px`);
    };
    if (window.ResizeObserver) {
      const ro = new ResizeObserver(measure);
      for (const e of above) ro.observe(e);
    }
    window.addEventListener('resize', measure);
    measure();
  }

  /** After the strips are (re)built: bank buttons, solo watch, channel picker. */
  build() {
    const { store } = this.app;
    // The mute groups: a column after the DCAs, with a bank button of its own.
    this.muteGroups.build();
    $('#strips').appendChild(this.muteGroups.el);
    this.app.bankButton($('#banks'), 'MUTE', 'mutegroup/1');
    for (const u of this.soloUnsubs) u();
    this.soloUnsubs = [];
    this.soloed.clear();
    const paths = [];
    store.layout.channels.forEach((c, i) => paths.push(`ch/${i + 1}/solo`));
    for (let i = 1; i <= (store.layout.fx || 0); i++) paths.push(`fxret/${i}/solo`);
    for (const p of paths) {
      this.soloUnsubs.push(store.on(p, (v) => {
        if (v === true) this.soloed.add(p);
        else this.soloed.delete(p);
        this.showSolo();
      }));
    }
    this.showSolo();

    const pick = $('#chpick');
    pick.textContent = '';
    pick.appendChild(new Option('CH', ''));
    store.layout.channels.forEach((c, i) => pick.appendChild(new Option(`${i + 1} · ${c.name || ''}`, String(i + 1))));
    this.queueScroll();
  }

  showSolo() {
    const b = $('#clear-solo');
    b.hidden = this.soloed.size === 0;
    b.dataset.count = String(this.soloed.size);
    document.body.classList.toggle('solo-active', this.soloed.size > 0);
  }

  /** Every solo off, on the server: every device's solo buttons and CLR SOLO follow. */
  clearSolo() {
    for (const p of [...this.soloed]) this.app.conn.setNow(p, false);
  }

  goToChannel(n) {
    const strips = $('#strips');
    const target = strips.querySelector(`[data-strip="ch/${n}"]`);
    if (target) strips.scrollTo({ left: target.offsetLeft - strips.offsetLeft, behavior: 'instant' });
    this.queueScroll();
  }

  queueScroll() {
    if (this.scrollQueued) return;
    this.scrollQueued = true;
    requestAnimationFrame(() => {
      this.scrollQueued = false;
      this.showBank();
    });
  }

  /** The bank of the leftmost strip on screen is lit; the phone's picker names its first channel. */
  showBank() {
    const strips = $('#strips');
    const left = strips.scrollLeft + 8;
    // Scrolled to the end, a short last bank (the mute groups) cannot reach the left edge: there
    // the last bank whose first strip is wholly on screen is the one shown.
    const atEnd = strips.scrollLeft >= strips.scrollWidth - strips.clientWidth - 2 && strips.scrollLeft > 0;
    const right = strips.scrollLeft + strips.clientWidth + 2;
    let current = null;
    for (const b of document.querySelectorAll('#banks .bank-btn')) {
      const t = strips.querySelector(`[data-strip="${b.dataset.first}"]`);
      if (!t || t.hidden) continue;
      const x = t.offsetLeft - strips.offsetLeft;
      if (x <= left || (atEnd && x + t.offsetWidth <= right)) current = b;
    }
    if (this.app.layers && this.app.layers.current !== null) current = null; // a custom layer is on the faders: its own button is lit (layers.js)
    for (const b of document.querySelectorAll('#banks .bank-btn')) {
      const on = b === current;
      b.classList.toggle('current', on);
      if (on) b.setAttribute('aria-current', 'true');
      else b.removeAttribute('aria-current');
    }
    let first = '';
    for (const s of this.app.strips) {
      if (s.kind !== 'ch' || s.el.hidden) continue;
      if (s.el.offsetLeft - strips.offsetLeft + s.el.offsetWidth / 2 >= strips.scrollLeft) { first = String(s.index); break; }
    }
    $('#chpick').value = first;
  }
}
