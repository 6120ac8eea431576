// WebSocket client for the jackdesk control protocol (docs/protocol.md): JSON text frames for
// values, binary frames for meters. Reconnects with exponential backoff; every (re)connection
// starts with hello + snapshot, from which the app resyncs.

const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 5000;
const PING_EVERY_MS = 4000;   // the server closes a client that is silent for 10 s
const SEND_EVERY_MS = 16;     // at most one set per path per frame while a finger moves
// While a control is held the server must hear from us at least every 1.5 s or it lets go of it
// (a tab frozen in the back/forward cache must not glow on other tablets): re-assert every 0.5 s.
const HOLD_ALIVE_MS = 500;

export class Connection {
  /**
   * @param {string} url ws:// or wss:// address of /ws
   * @param {object} handlers onStatus(status, info), onHello(msg), onSnapshot(msg), onAck(msg),
   *   onChanged(msg), onError(msg), onTouch(msg), onMeters(ArrayBuffer), onMessage(msg)
   */
  constructor(url, handlers) {
    this.url = url;
    this.h = handlers;
    this.ws = null;
    this.nextId = 1;
    this.backoffMs = BACKOFF_MIN_MS;
    this.retryTimer = 0;
    this.pingTimer = 0;
    this.status = 'connecting';
    this.retryAt = 0;
    this.session = null;
    this.meterSub = null;
    // Coalescing of fast moves: path -> {value, timer}; the last value is always sent.
    this.pending = new Map();
    this.lastSent = new Map();
    this.stopped = false;
    this.held = new Set(); // paths this tablet holds (touch on)
    this.holdTimer = 0;
  }

  start() {
    this.stopped = false;
    this.open();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    if (this.ws) this.ws.close();
  }

  setStatus(status, info) {
    this.status = status;
    if (this.h.onStatus) this.h.onStatus(status, info || {});
  }

  open() {
    clearTimeout(this.retryTimer);
    this.setStatus('connecting');
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch (e) {
      this.scheduleRetry();
      return;
    }
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onopen = () => {
      this.backoffMs = BACKOFF_MIN_MS;
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.send({ op: 'ping' }), PING_EVERY_MS);
    };
    ws.onmessage = (ev) => this.receive(ev.data);
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      if (ev.code === 4001 && this.h.onLoggedOut) this.h.onLoggedOut(); // the login ended (docs/security.md)
      this.ws = null;
      clearInterval(this.pingTimer);
      this.held.clear(); // the server let go of them with the connection
      this.holdAlive();
      this.pending.forEach((p) => clearTimeout(p.timer));
      this.pending.clear();
      // 4003: no login within the console's grace (docs/security.md): a fresh connection at once, no offline banner.
      if (this.stopped) return;
      if (ev.code === 4003) this.open();
      else this.scheduleRetry();
    };
    // onerror is always followed by onclose; nothing to do here, and nothing to log to the console.
    ws.onerror = () => {};
  }

  scheduleRetry() {
    const jitter = 0.8 + Math.random() * 0.4;
    const delay = Math.round(this.backoffMs * jitter);
    this.backoffMs = Math.min(BACKOFF_MAX_MS, this.backoffMs * 2);
    this.retryAt = Date.now() + delay;
    this.setStatus('offline', { retryAt: this.retryAt });
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  /** Reconnect now (the "retry" button on the offline banner). */
  retryNow() {
    if (this.ws) return;
    this.backoffMs = BACKOFF_MIN_MS;
    this.open();
  }

  receive(data) {
    if (typeof data !== 'string') {
      if (this.h.onMeters) this.h.onMeters(data);
      return;
    }
    let msg;
    try {
      msg = JSON.parse(data);
    } catch (e) {
      return;
    }
    // A batch (we connect with batch=1): several messages in one frame, in order.
    if (Array.isArray(msg)) {
      for (const m of msg) if (m && typeof m === 'object') this.dispatch(m);
      return;
    }
    this.dispatch(msg);
  }

  dispatch(msg) {
    switch (msg.op) {
      case 'hello':
        this.session = msg.session ?? msg.sessionId ?? null;
        if (this.h.onHello) this.h.onHello(msg);
        break;
      case 'snapshot':
        if (this.h.onSnapshot) this.h.onSnapshot(msg);
        this.setStatus('online');
        if (this.meterSub) this.send(this.meterSub);
        break;
      case 'ack':
        if (this.h.onAck) this.h.onAck(msg);
        break;
      case 'changed':
        if (this.h.onChanged) this.h.onChanged(msg);
        break;
      case 'error':
        if (this.h.onError) this.h.onError(msg);
        break;
      case 'touch':
        if (this.h.onTouch) this.h.onTouch(msg);
        break;
      case 'pong':
        break;
      default:
        if (this.h.onMessage) this.h.onMessage(msg);
    }
  }

  get online() {
    return this.status === 'online';
  }

  send(obj) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(obj));
    return true;
  }

  /** Sets an absolute value now. Returns the request id. */
  setNow(path, value) {
    const id = this.nextId++;
    this.lastSent.set(path, performance.now());
    this.send({ op: 'set', path, value, id });
    return id;
  }

  /** Sets a value, coalescing fast moves to one message per path per frame; the last value is always sent. */
  set(path, value) {
    const now = performance.now();
    const last = this.lastSent.get(path) || 0;
    const p = this.pending.get(path);
    if (p) {
      p.value = value;
      return;
    }
    if (now - last >= SEND_EVERY_MS) {
      this.setNow(path, value);
      return;
    }
    const entry = { value, timer: 0 };
    entry.timer = setTimeout(() => {
      this.pending.delete(path);
      this.setNow(path, entry.value);
    }, SEND_EVERY_MS - (now - last));
    this.pending.set(path, entry);
  }

  /** Sends any coalesced value of path immediately (at the end of a gesture). */
  flush(path) {
    const p = this.pending.get(path);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(path);
    this.setNow(path, p.value);
  }

  touch(path, on) {
    if (on) this.held.add(path);
    else this.held.delete(path);
    this.holdAlive();
    this.send({ op: 'touch', path, on });
  }

  /** Keeps the server's view of our held controls alive while any is held (see HOLD_ALIVE_MS). */
  holdAlive() {
    if (this.held.size && !this.holdTimer) {
      this.holdTimer = setInterval(() => { for (const path of this.held) this.send({ op: 'touch', path, on: true }); }, HOLD_ALIVE_MS);
    } else if (!this.held.size && this.holdTimer) {
      clearInterval(this.holdTimer);
      this.holdTimer = 0;
    }
  }

  /** Lets go of every held control now (the page is hidden or leaving). */
  releaseAll() {
    for (const path of [...this.held]) this.touch(path, false);
  }

  subscribeMeters(groups, fps) {
    this.meterSub = { op: 'subscribe', meters: groups, fps };
    if (this.online) this.send(this.meterSub);
  }
}
