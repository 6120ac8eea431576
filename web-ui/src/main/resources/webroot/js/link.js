// Stereo link (docs/ui.md, "Stereo link"): two adjacent mono channels (1-2, 3-4, …) played as one
// stereo channel. The LINK button in a channel's detail sets ch/N/link on that channel; the server
// links the pair (the even channel takes the odd one's processing, the balance goes to the centre)
// or refuses with the reason (a stereo channel, no mono partner), and mirrors every later move of
// one side onto the other for every device. On the strips a linked pair shows as one: a bracket
// joins the two strips, the odd strip's knob reads BAL (the pair's balance) and the even strip's
// pan knob steps aside. Nothing here mirrors anything: the server does, so every device agrees.

import { Toggle } from './buttons.js';

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The other channel of n's pair when both exist and are mono (the server's rule); 0 when n cannot link. */
export function partner(channels, n) {
  const m = n % 2 === 1 ? n + 1 : n - 1;
  const a = channels[n - 1];
  const b = channels[m - 1];
  return a && b && !a.stereo && !b.stereo ? m : 0;
}

/** Why channel n cannot link, as the server words it; '' when it can. */
function whyNot(channels, n) {
  const m = n % 2 === 1 ? n + 1 : n - 1;
  if (channels[n - 1] && channels[n - 1].stereo) return `channel ${n} is a stereo channel already`;
  if (!channels[m - 1]) return `channel ${n} is the last channel and has no partner`;
  if (channels[m - 1].stereo) return `channel ${n} pairs with channel ${m}, which is stereo`;
  return '';
}

export class StereoLink {
  constructor(app) {
    this.app = app;
    this.unsubs = [];
  }

  /** True while channel n and its partner are linked: both flags on. */
  linked(n) {
    const { store } = this.app;
    const m = partner(store.layout.channels, n);
    return !!m && store.bool(`ch/${n}/link`) && store.bool(`ch/${m}/link`);
  }

  /** After every build of the strips: each channel strip of a pair follows the pair's two flags. */
  strips() {
    for (const u of this.unsubs) u();
    this.unsubs = [];
    const { store } = this.app;
    for (const s of this.app.strips) {
      if (s.kind !== 'ch') continue;
      const m = partner(store.layout.channels, s.index);
      if (!m) continue;
      const render = () => this.render(s, m);
      this.unsubs.push(store.on(`ch/${s.index}/link`, render), store.on(`ch/${m}/link`, render));
      render();
    }
  }

  render(strip, m) {
    const on = this.linked(strip.index);
    const left = strip.index < m;
    strip.el.classList.toggle('linked', on);
    strip.el.classList.toggle('linked-left', on && left);
    strip.el.classList.toggle('linked-right', on && !left);
    strip.el.dataset.linked = on ? `${Math.min(strip.index, m)}-${Math.max(strip.index, m)}` : '';
    if (strip.pan) {
      const label = strip.pan.el.querySelector('.knob-label');
      if (label) label.textContent = on || strip.info.stereo ? 'BAL' : 'PAN';
      strip.pan.el.title = on ? `the balance of channels ${Math.min(strip.index, m)} and ${Math.max(strip.index, m)}` : '';
    }
  }

  /**
   * The detail's "Stereo link" panel for channel ch: LINK (or why this channel cannot link).
   * section: the detail's panel builder. Returns the controls to unbind when the detail closes.
   */
  panel(parent, ch, section) {
    const { store, conn } = this.app;
    const channels = store.layout.channels;
    const p = section('Stereo link', 'link-panel');
    const m = partner(channels, ch);
    const controls = [];
    if (!m) {
      const b = el('button', 'toggle link-toggle', 'LINK');
      b.type = 'button';
      b.disabled = true;
      const why = whyNot(channels, ch);
      b.title = why;
      p.body.append(b, el('span', 'link-note', `${why}: only two mono channels link (1-2, 3-4, …).`));
    } else {
      const lo = Math.min(ch, m);
      const hi = Math.max(ch, m);
      const t = new Toggle(store, conn, `ch/${ch}/link`, `LINK ${lo}+${hi}`, 'accent link-toggle');
      t.el.title = `Link channels ${lo} and ${hi} into a stereo pair`;
      controls.push(t);
      const note = el('span', 'link-note');
      const say = () => {
        note.textContent = this.linked(ch)
          ? `Linked: every move on ${lo} or ${hi} moves both; PAN is the pair's balance. Trim, delay and automix stay per channel.`
          : `LINK: ${hi} takes ${lo}'s processing, ${lo} plays left, ${hi} right, the pan becomes the pair's balance.`;
      };
      const u1 = store.on(`ch/${ch}/link`, say);
      const u2 = store.on(`ch/${m}/link`, say);
      controls.push({ unsub: () => { u1(); u2(); } });
      say();
      p.body.append(t.el, note);
    }
    parent.appendChild(p.s);
    return controls;
  }
}
