// The jackdesk tablet: connects, builds the mixer from hello + snapshot, keeps every view in step
// with ack/changed, feeds meters to the visible strips, and shows an unmistakable offline state.

import { Connection } from './protocol.js';
import { Store } from './store.js';
import { Strip } from './strip.js';
import { ui, setLocked, onTap, releaseAllDrags } from './gesture.js';
import { decodeMeters } from './meterframe.js';
import { ChannelDetail } from './detail.js';
import { MainView } from './mainview.js';
import { ScenesView } from './scenes.js';
import { SceneEditor } from './sceneedit.js';
import { NoticeBanner } from './notices.js';
import { ToolsView } from './tools.js';
import { RecordView } from './record.js';
import { FxView } from './fxview.js';
import { AutomixView } from './automix.js';
import { FeedbackView } from './feedback.js';
import { decodeRta } from './rta.js';
import { Login, storedToken, forgetToken } from './login.js';
import { MidiLearn } from './midilearn.js';
import { Workflow } from './workflow.js';
import { HistoryPanel } from './history.js';
import { Labels } from './labels.js';
import { CopyPaste } from './paste.js';
import { ChannelLibraryPanel } from './library.js';
import { Layers } from './layers.js';
import { StereoLink } from './link.js';

const $ = (sel) => document.querySelector(sel);
const phoneQuery = window.matchMedia('(max-width: 600px)');

class App {
  constructor() {
    this.store = new Store();
    this.strips = [];
    this.master = null;
    this.layoutKey = '';
    this.sendBus = null;
    this.view = 'mixer';
    this.selected = 1;
    this.lastFrame = null;
    this.conn = new Connection(this.wsUrl(), {
      onStatus: (s, info) => this.status(s, info),
      onHello: (m) => this.hello(m),
      onSnapshot: (m) => this.snapshot(m),
      onAck: (m) => { if (m.path !== undefined && 'value' in m) this.store.put(m.path, m.value); },
      onChanged: (m) => this.store.put(m.path, m.value),
      onError: (m) => this.error(m),
      onTouch: (m) => { if (m.by !== this.conn.session) this.store.remoteTouchChanged(m.path, m.by, m.on !== false); },
      onMeters: (buf) => this.meters(buf),
      onMessage: (m) => { if (m.op === 'authenticated') this.authenticated(m); else this.message(m); },
      onLoggedOut: () => { forgetToken(); this.conn.url = this.wsUrl(); },
    });
    this.login = new Login((m) => this.conn.send(m));
    this.role = null;
    this.detail = new ChannelDetail(this);
    this.mainView = new MainView(this);
    this.scenesView = new ScenesView(this);
    this.sceneEditor = new SceneEditor(this);
    this.midiLearn = new MidiLearn(this);
    this.toolsView = new ToolsView(this);
    this.fxView = new FxView(this);
    this.automixView = new AutomixView(this);
    this.feedbackView = new FeedbackView(this);
    this.recordView = new RecordView(this);
    this.notices = new NoticeBanner($('#notices'));
    this.workflow = new Workflow(this);
    this.history = new HistoryPanel(this);
    this.labels = new Labels(this);
    this.paste = new CopyPaste(this);
    this.library = new ChannelLibraryPanel(this);
    this.layers = new Layers(this);
    this.link = new StereoLink(this);
    this.wireTopBar();
  }

  async start() {
    await this.loadSchema();
    this.conn.subscribeMeters(['ch', 'bus', 'main', 'monitor', 'loudness', 'fx', 'stages', 'automix'], 30);
    this.conn.start();
  }

  async loadSchema() {
    try {
      const token = storedToken();
      const headers = token ? { Authorization: `Bearer ${token}` } : {};
      // Ask first whether we may read: a console with users answers /api/schema only after a login.
      const who = await fetch('/api/whoami', { cache: 'no-store', headers });
      if (who.ok) {
        const auth = (await who.json()).auth || {};
        if (auth.required && !auth.principal) return;
      }
      const r = await fetch('/api/schema', { cache: 'no-store', headers });
      if (!r.ok) return;
      const body = await r.json();
      const list = Array.isArray(body) ? body : body.params || body.parameters || [];
      this.store.setSchema(list);
    } catch (e) {
      // Offline at start-up: the connection's retry loop shows it; the schema is fetched again on hello.
    }
  }

  wireTopBar() {
    onTap($('#tab-mixer'), () => this.showView('mixer'));
    onTap($('#tab-main'), () => this.showView('main'));
    onTap($('#tab-scenes'), () => this.showView('scenes'));
    onTap($('#tab-tools'), () => this.showView('tools'));
    onTap($('#tab-fx'), () => this.showView('fx'));
    onTap($('#tab-automix'), () => this.showView('automix'));
    onTap($('#tab-feedback'), () => this.showView('feedback'));
    onTap($('#tab-record'), () => this.showView('record'));
    $('#lock').addEventListener('click', () => {
      setLocked(!ui.locked);
      $('#lock').classList.toggle('on', ui.locked);
      $('#lock').setAttribute('aria-pressed', String(ui.locked));
      $('#lock').textContent = ui.locked ? 'LOCKED' : 'LOCK';
    });
    onTap($('#fine'), () => {
      ui.fineToggle = !ui.fineToggle;
      $('#fine').classList.toggle('on', ui.fineToggle);
      $('#fine').setAttribute('aria-pressed', String(ui.fineToggle));
    });
    $('#sends').addEventListener('change', (e) => {
      if (ui.locked) { e.target.value = this.sendBus === null ? '' : String(this.sendBus); return; }
      const v = e.target.value;
      this.setSendBus(v === '' ? null : v.startsWith('fx') ? v : Number(v));
    });
    onTap($('#retry'), () => this.conn.retryNow());
    onTap($('#clear-clips'), () => this.resetClip());
    $('#logout').addEventListener('click', () => this.conn.send({ op: 'logout' }));
    phoneQuery.addEventListener('change', () => this.applyPhone());
    this.midiLearn.wire();
    this.workflow.wire();
    this.history.wire();
    this.layers.wire();
    // A page that leaves (or is kept in the back/forward cache) or is hidden lets go of every held
    // control at once, so no other tablet keeps showing it as touched.
    const letGo = () => { releaseAllDrags(); this.toolsView.releaseTalk(); this.conn.releaseAll(); };
    window.addEventListener('pagehide', letGo);
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') letGo(); });
  }

  status(s, info) {
    // A retry while offline stays offline (banner, grey controls) until the server answers: the
    // state must not flicker to "connecting" and back on every attempt.
    if (s === 'connecting' && document.body.classList.contains('offline')) return;
    const pill = $('#status');
    pill.dataset.status = s;
    pill.textContent = s === 'online' ? 'online' : s === 'connecting' ? 'connecting…' : 'offline';
    document.body.classList.toggle('offline', s === 'offline');
    document.body.dataset.connection = s;
    if (s === 'offline') {
      this.store.clearRemoteTouches();
      for (const st of this.allStrips()) st.clearMeters();
      clearInterval(this.countdown);
      const tick = () => {
        const secs = Math.max(0, Math.ceil((info.retryAt - Date.now()) / 1000));
        $('#offline-text').textContent = `Server unreachable — reconnecting${secs ? ` in ${secs} s` : '…'}`;
      };
      tick();
      this.countdown = setInterval(tick, 250);
    } else {
      clearInterval(this.countdown);
    }
  }

  hello(m) {
    this.notices.clear(); // a fresh connection: the server re-sends the notices that still stand
    if (m.sampleRate) this.store.sampleRate = m.sampleRate;
    this.setLayout(m.layout);
    if (this.store.schema.size === 0 && !(m.auth && m.auth.required && !m.auth.principal)) {
      this.loadSchema().then(() => { this.build(true); this.applyRole(); });
    }
    this.build(false);
    this.auth(m.auth || { required: false });
  }

  /** The ws:// URL, with the stored token so a reconnect stays logged in. */
  wsUrl() {
    const token = storedToken();
    // batch=1: several messages may arrive as one frame, a JSON array (docs/protocol.md).
    return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?batch=1${token ? `&token=${encodeURIComponent(token)}` : ''}`;
  }

  /** hello.auth: show the PIN screen when a login is needed, else apply the role. */
  auth(a) {
    document.body.classList.toggle('auth', !!a.required);
    if (a.required && !a.principal) {
      if (storedToken()) { forgetToken(); this.conn.url = this.wsUrl(); } // expired or revoked
      this.role = null;
      this.login.show();
      return;
    }
    this.login.hide();
    this.role = a.principal || null;
    this.applyRole();
  }

  /** The strips from hello, or from authenticated: a console with users names them only after a login. */
  setLayout(l) {
    const layout = l || { channels: [], buses: [] };
    const norm = (list) => (list || []).map((c) => (Array.isArray(c) ? { name: c[0], stereo: !!c[1] }
      : { name: c.name, stereo: !!c.stereo, colour: typeof c.colour === 'string' ? c.colour : undefined }));
    const dcas = Array.isArray(layout.dcas) ? layout.dcas.map(String) : [];
    const dcaColours = Array.isArray(layout.dcaColours) ? layout.dcaColours.map(String) : undefined;
    const muteGroups = Array.isArray(layout.muteGroups) ? layout.muteGroups.map(String) : [];
    const fx = Number.isInteger(layout.fx) && layout.fx > 0 ? layout.fx : 0;
    this.store.layout = { channels: norm(layout.channels), buses: norm(layout.buses), dcas, dcaColours, muteGroups, talkback: layout.talkback === true, fx };
  }

  authenticated(m) {
    if (m.layout) {
      this.setLayout(m.layout);
      this.build(false); // rebuilt when the names differ from the hello's
    }
    this.login.accepted(m);
    this.conn.url = this.wsUrl();
    this.role = { user: m.user, role: m.role, buses: m.buses || [], talkback: m.talkback === true };
    const ready = this.store.schema.size === 0 ? this.loadSchema().then(() => this.build(true)) : Promise.resolve();
    ready.then(() => this.applyRole());
  }

  /** Only the views the role allows: a monitor sees its own buses' sends, a viewer cannot move anything. */
  applyRole() {
    const r = this.role ? this.role.role : '';
    document.body.dataset.role = r;
    this.toolsView.applyTalkAccess();
    if (r === 'monitor') {
      const own = this.role.buses.filter((b) => b <= this.store.layout.buses.length);
      const sel = $('#sends');
      for (const o of [...sel.options]) if (!own.includes(Number(o.value))) o.remove();
      if (own.length) this.setSendBus(own.includes(this.sendBus) ? this.sendBus : own[0]);
      this.showView('mixer');
    }
    if (r === 'viewer' && !ui.locked) $('#lock').click();
    this.midiLearn.applyRole();
  }

  snapshot(m) {
    this.store.replaceAll(m.values || {});
    this.rtaKey = null; // a fresh connection has no RTA stream yet
    this.updateRta();
    this.scenesView.connected();
    this.midiLearn.connected();
    this.library.connected();
    this.layers.connected();
  }

  /**
   * The connection's one RTA stream (docs/protocol.md): the open channel detail's EQ (what enters
   * it, or what leaves it: the detail's PRE/POST switch), else the
   * TOOLS view's chosen source while that view shows, else none — the server analyses only what
   * someone looks at.
   */
  updateRta() {
    let want = null;
    if (this.detail && this.detail.ch) want = { source: `ch/${this.detail.ch}/${this.detail.rtaStage}`, bands: 6, averaging: 'fast' };
    else if (this.view === 'tools' && this.toolsView) want = this.toolsView.rtaSelection();
    const key = want ? `${want.source}|${want.bands}|${want.averaging}` : '';
    if (key === this.rtaKey || document.body.dataset.connection !== 'online') return;
    this.rtaKey = key;
    this.rtaCentres = null;
    this.conn.send(want ? { op: 'rta', source: want.source, bands: want.bands, averaging: want.averaging, fps: 30 } : { op: 'rta', source: null });
  }

  rtaFrame(f) {
    if (this.detail.ch) this.detail.eq.setRta(f, this.rtaCentres);
    else if (this.view === 'tools') this.toolsView.setRta(f, this.rtaCentres);
  }

  /** Server messages beyond values: scenes, scene answers, status notices. */
  message(m) {
    if (m.op === 'rta') { this.rtaCentres = Array.isArray(m.centres) ? m.centres : null; return; }
    if (this.midiLearn.message(m)) return;
    if (this.history.message(m)) return;
    if (this.labels.message(m)) return;
    if (this.paste.message(m)) return;
    if (this.library.message(m)) return;
    if (this.layers.message(m)) return;
    if (this.recordView.message(m)) return;
    if (this.feedbackView.message(m)) return;
    if (m.op === 'status') this.notices.status(m);
    else if (m.op === 'scenes' || m.op === 'scene.ack' || m.op === 'scene') {
      this.scenesView.message(m);
      this.sceneEditor.message(m);
    }
  }

  error(m) {
    if ((m.code === 'unauthorized' || m.code === 'too_many_attempts') && this.login.refused(m)) return;
    if (m.code === 'rta_unavailable') return; // a server without an engine: no analyser, nothing to say
    if (this.scenesView.error(m)) return;
    if (this.library.error(m)) return;
    if (this.recordView.error(m)) return;
    if (this.midiLearn.error(m)) return;
    // A rejected value: tell the engineer and put the control back where the console is.
    this.toast(m.message || m.code || 'error');
    if (m.path && this.store.values.has(m.path)) this.store.put(m.path, this.store.get(m.path));
  }

  /** A short message at the bottom: an error (red) unless kind is 'info'. */
  toast(text, kind) {
    const t = $('#toast');
    t.textContent = text;
    t.classList.toggle('info', kind === 'info');
    t.classList.add('show');
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => t.classList.remove('show'), 3000);
  }

  allStrips() {
    return this.master ? [...this.strips, this.master, ...this.mainView.strips()] : this.strips;
  }

  build(force) {
    const { channels, buses } = this.store.layout;
    const key = JSON.stringify(this.store.layout);
    if (!force && key === this.layoutKey) return;
    this.layoutKey = key;
    for (const s of this.allStrips()) s.dispose();
    const bank = $('#strips');
    bank.textContent = '';
    this.strips = [];
    channels.forEach((c, i) => this.strips.push(new Strip(this, 'ch', i + 1, c)));
    buses.forEach((b, i) => this.strips.push(new Strip(this, 'bus', i + 1, b)));
    // FX returns: a fader bank after the buses (docs/fx.md)
    for (let i = 1; i <= (this.store.layout.fx || 0); i++) this.strips.push(new Strip(this, 'fxret', i, { name: 'Return', stereo: true }));
    const dcaNames = this.store.layout.dcas || [];
    for (let i = 1; i <= 8; i++) this.strips.push(new Strip(this, 'dca', i, { name: dcaNames[i - 1] || `DCA ${i}`, colour: (this.store.layout.dcaColours || [])[i - 1] }));
    for (const s of this.strips) bank.appendChild(s.el);
    this.link.strips(); // a linked pair shows as one (link.js)

    const banks = $('#banks');
    banks.textContent = '';
    for (let i = 0; i < channels.length; i += 8) {
      this.bankButton(banks, `${i + 1}–${Math.min(channels.length, i + 8)}`, `ch/${i + 1}`);
    }
    if (buses.length) this.bankButton(banks, 'BUS', 'bus/1');
    if (this.store.layout.fx) this.bankButton(banks, 'FX', 'fxret/1');
    this.bankButton(banks, 'DCA', 'dca/1');

    const sel = $('#sends');
    sel.textContent = '';
    sel.appendChild(new Option('Main mix', ''));
    buses.forEach((b, i) => sel.appendChild(new Option(`Sends: ${b.name}`, String(i + 1))));
    for (let i = 1; i <= (this.store.layout.fx || 0); i++) sel.appendChild(new Option(`Sends: FX ${i}`, `fx${i}`));
    sel.disabled = sel.options.length === 1;
    if (typeof this.sendBus === 'number' && this.sendBus > buses.length) this.sendBus = null;
    if (typeof this.sendBus === 'string' && Number(this.sendBus.slice(2)) > (this.store.layout.fx || 0)) this.sendBus = null;
    this.mainView.build();
    this.toolsView.build();
    this.fxView.build();
    this.automixView.build();
    this.feedbackView.build();
    this.detail.build();
    this.workflow.build();
    this.layers.build();
    this.applyPhone();
    this.setSendBus(this.sendBus, true);
  }

  bankButton(parent, label, first) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'bank-btn';
    b.textContent = label;
    b.dataset.first = first;
    b.addEventListener('click', () => {
      const target = document.querySelector(`[data-strip="${first}"]`);
      if (target) $('#strips').scrollTo({ left: target.offsetLeft - $('#strips').offsetLeft, behavior: 'smooth' });
    });
    parent.appendChild(b);
  }

  /** The phone shows one bus's sends ("more me"); default to the first bus. */
  applyPhone() {
    const phone = phoneQuery.matches;
    document.body.classList.toggle('phone', phone);
    if (phone && this.sendBus === null && this.store.layout.buses.length) this.setSendBus(1);
  }

  setSendBus(bus, rebuildMaster) {
    const changed = bus !== this.sendBus;
    this.sendBus = bus;
    for (const s of this.strips) s.setSendBus(bus);
    document.body.classList.toggle('sends-mode', bus !== null);
    $('#sends').value = bus === null ? '' : String(bus);
    if (changed || rebuildMaster || !this.master) {
      if (this.master) this.master.dispose();
      const slot = $('#master');
      slot.textContent = '';
      this.master = bus === null
        ? new Strip(this, 'main', 0, { name: 'Main' })
        : typeof bus === 'string'
          ? new Strip(this, 'fxsend', Number(bus.slice(2)), { name: 'Send' })
          : new Strip(this, 'bus', bus, this.store.layout.buses[bus - 1]);
      slot.appendChild(this.master.el);
    }
    // In sends mode only channels are shown: their faders are the bus's sends; in an aux bus's mix
    // the FX returns too (the reverb in the wedge).
    // In an FX slot's mix the aux buses show too, as their sends into the slot.
    for (const s of this.strips) {
      s.el.hidden = bus !== null && s.kind !== 'ch' && !(s.kind === 'fxret' && typeof bus === 'number')
        && !(s.kind === 'bus' && typeof bus === 'string');
    }
    if (this.layers) this.layers.apply(); // a custom layer: only its strips, in its order
    this.workflow.queueScroll();
  }

  showView(v) {
    this.view = v;
    document.body.dataset.view = v;
    $('#tab-mixer').classList.toggle('on', v === 'mixer');
    $('#tab-main').classList.toggle('on', v === 'main');
    $('#tab-scenes').classList.toggle('on', v === 'scenes');
    $('#tab-tools').classList.toggle('on', v === 'tools');
    $('#tab-fx').classList.toggle('on', v === 'fx');
    $('#tab-automix').classList.toggle('on', v === 'automix');
    $('#tab-feedback').classList.toggle('on', v === 'feedback');
    this.feedbackView.shown(v === 'feedback');
    $('#tab-record').classList.toggle('on', v === 'record');
    this.recordView.shown(v === 'record');
    this.updateRta();
  }

  select(n) {
    this.selected = n;
    for (const s of this.strips) if (s.kind === 'ch' || s.kind === 'bus') s.setSelected(s.kind === 'ch' && s.index === n);
    this.detail.open(n);
  }

  /** SEL on a bus strip: the bus's EQ, compressor, transient shaper and limiter. */
  selectBus(n) {
    for (const s of this.strips) if (s.kind === 'ch' || s.kind === 'bus') s.setSelected(s.kind === 'bus' && s.index === n);
    this.detail.openBus(n);
  }

  /**
   * Clears one strip's clip (channel) or over (bus, main) latch on the server, or every latch when
   * target is omitted; every tablet sees the light go out with the next meter frame.
   */
  resetClip(target) {
    this.conn.send(target ? { op: 'reset', meters: 'clips', target } : { op: 'reset', meters: 'clips' });
  }

  meters(buf) {
    const r = decodeRta(buf);
    if (r) { this.rtaFrame(r); return; }
    const f = decodeMeters(buf);
    if (!f) return;
    this.lastFrame = f;
    for (const s of this.strips) if (!s.el.hidden) s.meters(f);
    if (this.master) this.master.meters(f);
    this.mainView.meters(f);
    this.detail.meters(f);
    if (this.view === 'automix') this.automixView.meters(f);
  }
}

const app = new App();
window.jackdesk = app; // for the browser tests and for curious engineers in the console
app.showView('mixer');
app.start();
