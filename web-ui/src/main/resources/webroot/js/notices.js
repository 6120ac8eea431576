// The server's `status` messages (docs/protocol.md) as a banner under the top bar, on every view:
// an autosave that fails (error, red), a show loaded from its backup (warning, amber), an autosave
// that works again (ok, green, goes after a few seconds). Errors and warnings stand until the
// server resolves them; an `ok` resolves the notices of its family (the code's first word:
// save_recovered resolves save_failed). Notices about a stage box (`stageBox` set: lost, missing,
// connected, docs/stagebox.md) are kept per box, so two boxes lost show two rows and one box
// coming back resolves only its own. A reconnect clears the banner; the server sends the
// notices that still stand right after the snapshot.

const OK_SHOW_MS = 6000;

/** The banner row a message belongs to: its code, per stage box for stage box notices. */
function key(m) {
  const code = m.code || m.level || 'status';
  return m.stageBox ? `${code}@${m.stageBox}` : code;
}

/** What an `ok` resolves: the code's first word, within the same stage box. */
function family(k) {
  const [code, box] = String(k || '').split('@');
  return code.split('_')[0] + (box === undefined ? '' : `@${box}`);
}

export class NoticeBanner {
  constructor(root) {
    this.root = root;
    this.notices = new Map(); // code -> message
    this.okTimer = 0;
    window.addEventListener('resize', () => { if (this.notices.size) this.render(); });
  }

  /** A fresh connection: the server re-sends every notice that still stands. */
  clear() {
    this.notices.clear();
    this.render();
  }

  status(m) {
    const code = key(m);
    if (m.level === 'ok') {
      for (const c of [...this.notices.keys()]) if (family(c) === family(code)) this.notices.delete(c);
      this.notices.set(code, m);
      clearTimeout(this.okTimer);
      this.okTimer = setTimeout(() => {
        for (const [c, n] of [...this.notices]) if (n.level === 'ok') this.notices.delete(c);
        this.render();
      }, OK_SHOW_MS);
    } else {
      this.notices.set(code, m);
    }
    this.render();
  }

  dismiss(code) {
    this.notices.delete(code);
    this.render();
  }

  render() {
    this.root.textContent = '';
    for (const [code, m] of this.notices) {
      const level = m.level === 'error' || m.level === 'ok' ? m.level : 'warning';
      const row = document.createElement('div');
      row.className = `notice notice-${level}`;
      row.dataset.code = code;
      row.setAttribute('role', level === 'error' ? 'alert' : 'status');
      const tag = document.createElement('strong');
      tag.textContent = level === 'error' ? 'ERROR' : level === 'ok' ? 'OK' : 'WARNING';
      const text = document.createElement('span');
      text.className = 'notice-text';
      text.textContent = m.message || code;
      row.append(tag, text);
      // An error stands until the server says it is solved; a warning can be put away once read.
      if (level !== 'error') {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'notice-close';
        b.textContent = '✕';
        b.setAttribute('aria-label', 'Dismiss');
        b.addEventListener('click', () => this.dismiss(code)); // not a console control: the lock does not apply
        row.appendChild(b);
      }
      this.root.appendChild(row);
    }
    const h = this.notices.size ? this.root.offsetHeight : 0;
    document.body.style.setProperty('--notice-h', `${h}px`);
    document.body.classList.toggle('has-notice', this.notices.size > 0);
  }
}
