/*
 * t.js — the script a merchant embeds on every page of their site (TRACKING-API.md §1):
 *
 *   <script async src="https://TRACKER/t.js" data-account="ACCOUNT"></script>
 *
 * It records affiliate clicks (?aff=…), keeps the visitor ID the tracker hands out
 * in a first-party cookie and in localStorage, and reports sales and actions through
 * `window.aff` / `window.affq`. It must never throw into the host page nor delay it.
 * The visitor ID never goes into a URL: links and forms carry a short-lived hand-off
 * token the tracker makes (`aff_vid`), which the landing page trades in.
 *
 * Served minified from t.min.ts: after editing, run `node scripts/build-tracking-script.mjs`.
 * tests/tracking-script.test.ts keeps the two in step and the result under 2 KB gzipped.
 */
(() => {
  // Everything runs inside one try: whatever goes wrong here stays here.
  try {
    const w = window;
    const d = document;
    // Embedded twice (a template and a tag manager, say)? The first copy does the work.
    if (w.aff && w.aff.decorate) return;

    const VID = '_aff_vid';
    const QUEUE = '_aff_q';
    const CLICK = '/t/click';
    const SALE = '/t/sale';
    const HANDOFF = '/t/handoff';
    // A hand-off token (server/tracking/handoff.ts); opaque here, only its shape is checked.
    const TOKEN = /^ah1_[\w-]+$/;
    // Tokens are good for 10 minutes in a browser: decorated links are refreshed well before.
    const REDECORATE_MS = 3e5;
    const HEX32 = /^[0-9a-f]{32}$/;
    const DAY_MS = 864e5;
    // The tracker's default cookie lifetime, for IDs that arrive without one (`?aff_vid=`).
    // Attribution windows are enforced by the tracker, so this only bounds what we store.
    const DEFAULT_DAYS = 30;
    // Events kept for a later page view while the tracker is unreachable.
    const MAX_QUEUED = 20;
    // URL parameters of a click, each with its Post Affiliate Pro alias.
    const PARAMS = [['aff', 'a_aid'], ['campaign', 'a_cid'], ['banner', 'a_bid'], ['channel', 'chan'], ['data1'], ['data2'], ['data3'], ['data4'], ['data5']];

    /** Runs fn and swallows any error: nothing in here may break the host page. */
    const safe = (fn, fallback) => {
      try {
        return fn();
      } catch {
        return fallback;
      }
    };

    // localStorage throws when it is disabled (private modes, blocked storage): treat that as empty.
    const load = (key) => safe(() => JSON.parse(localStorage.getItem(key)));
    const store = (key, value) =>
      safe(() => (value == null ? localStorage.removeItem(key) : localStorage.setItem(key, JSON.stringify(value))));

    /** Fields with a value only: the tracker refuses `null`, and an empty field says nothing. */
    const compact = (o) => {
      const out = {};
      for (const k in o) if (o[k] != null && o[k] !== '') out[k] = o[k];
      return out;
    };

    // The tracker is wherever this script was served from, path included: a shop that serves it
    // through its own proxy (`/_aff/t.js`) gets every call there, first-party. The account is on the tag.
    const me = d.currentScript || d.querySelector('script[data-account]') || {};
    const origin = me.src ? me.src.replace(/\/t\.js(?:[?#].*)?$/, '') : '';
    const account = me.getAttribute && me.getAttribute('data-account');

    const writeCookie = (id, expires) => {
      d.cookie =
        VID + '=' + id + '; Max-Age=' + Math.round((expires - Date.now()) / 1e3) + '; Path=/; SameSite=Lax' +
        (location.protocol == 'https:' ? '; Secure' : '');
    };

    /**
     * Keeps a visitor ID for `days`: in a first-party cookie, and in localStorage to outlive browsers'
     * caps on script-set cookies. `fp`: the tracker, reached through the shop's own proxy, set the
     * cookie itself (HttpOnly, not capped): the script writes none of its own.
     */
    const remember = (id, days, fp) =>
      safe(() => {
        const expires = Date.now() + days * DAY_MS;
        if (!fp) writeCookie(id, expires);
        store(VID, { id, expires, fp });
      });

    /** The stored, unexpired localStorage copy: `{id, expires}` or undefined. */
    const saved = () => {
      const s = load(VID);
      return s && HEX32.test(s.id) && s.expires > Date.now() ? s : undefined;
    };

    const visitorId = () =>
      safe(() => {
        const m = /(?:^|;\s*)_aff_vid=([0-9a-f]{32})/.exec(d.cookie);
        const s = saved();
        return m ? m[1] : s ? s.id : null;
      }, null);

    /** Adds an event to the retry queue, keeping only the newest MAX_QUEUED. */
    const keep = (path, body) => {
      const q = load(QUEUE);
      store(QUEUE, (Array.isArray(q) ? q : []).concat([[path, body]]).slice(-MAX_QUEUED));
    };

    /** Takes an event out of the retry queue once the tracker has answered it. */
    const forget = (body) => {
      const s = JSON.stringify(body);
      const q = load(QUEUE);
      if (Array.isArray(q)) store(QUEUE, q.filter((item) => safe(() => JSON.stringify(item[1])) != s));
    };

    /**
     * POSTs an event to the tracker. Resolves with the tracker's JSON answer (or an error
     * object) and never rejects. An event the tracker could not take now (network error,
     * 5xx, 429) is kept for a later page view; any other 4xx would fail again, so it is dropped.
     * A sale or action with an order id is kept *before* it is sent (`ahead`): the visitor may
     * leave the page before the answer comes, and the tracker counts an order id once, so
     * sending it again is harmless. Other events are kept only once they have failed.
     */
    const post = (path, body, ahead, once) =>
      // fetch is called inside the chain, so even a missing fetch or an unserialisable body ends in catch().
      Promise.resolve(ahead && keep(path, body))
        .then(() =>
          fetch(origin + path, {
            method: 'POST',
            // text/plain keeps this a simple CORS request: no preflight round trip, and keepalive
            // requests (which outlive the page when the visitor moves on) cannot be preflighted everywhere.
            headers: { 'Content-Type': 'text/plain' },
            body: JSON.stringify(body),
            credentials: 'include',
            keepalive: true,
          }),
        )
        .then((res) =>
          res
            .json()
            .catch(() => ({}))
            .then((json) => {
              if (res.status >= 500 || res.status == 429) {
                if (!ahead && !once) keep(path, body);
              } else {
                if (ahead) forget(body);
                if (res.ok && json && HEX32.test(json.visitorId)) remember(json.visitorId, json.cookieDays || DEFAULT_DAYS, json.firstParty && origin.indexOf(location.origin + '/') == 0);
              }
              return json;
            }),
        )
        .catch(() => {
          if (!ahead && !once) keep(path, body);
          return { error: { code: 'network_error', message: 'The tracker is unreachable; the event will be sent again on a later page view.' } };
        });

    /** A click carries the visitor ID we hold, so the tracker keeps it instead of making a new one. */
    const click = (body) => post(CLICK, compact(Object.assign({ vid: visitorId() }, body)));

    const params = new URLSearchParams(location.search);
    // Clicks under way: they may bring the visitor ID that later calls need.
    const clicks = [];

    // Events left over from earlier page views. Taken out of storage before sending, so a
    // second tab opening now does not send them twice; a failure puts them back.
    const left = load(QUEUE);
    store(QUEUE, null);
    if (Array.isArray(left))
      left.forEach((item) => safe(() => (item[0] == CLICK ? clicks.push(click(item[1])) : post(item[0], item[1], item[1].orderId))));

    const handoff = params.get('aff_vid');
    if (handoff && TOKEN.test(handoff)) {
      // A redirect-mode link or a decorated cross-domain link: the click is recorded already.
      // The tracker says whose it is; a visitor ID held here is kept (and credited with that click).
      clicks.push(click({ account, handoff }));
    } else {
      // Browsers cap the lifetime of script-set cookies; localStorage remembers longer.
      const kept = saved();
      if (kept && !kept.fp && !/(?:^|;\s*)_aff_vid=/.test(d.cookie)) writeCookie(kept.id, kept.expires);
      const hit = { account, url: location.href.slice(0, 2048), referrer: d.referrer.slice(0, 2048) };
      for (const names of PARAMS) hit[names[0]] = names.map((n) => params.get(n)).find(Boolean);
      if (hit.aff) clicks.push(click(hit));
    }

    // Sales and decorations wait for the clicks, so they carry the visitor ID those bring.
    const ready = Promise.all(clicks);

    const convert = (o, extra) =>
      safe(
        () =>
          ready.then(() => {
            const body = compact(Object.assign({ account, visitorId: visitorId() }, o, extra));
            return post(SALE, body, body.orderId);
          }),
        Promise.resolve(null),
      );

    /**
     * Writes a hand-off token for the visitor into forms (hidden `aff_vid`) and links (`aff_vid`,
     * and `client_reference_id` for Stripe Payment Links), and again every few minutes while
     * the page stays open, so a link followed later still carries a fresh one.
     */
    const decorate = (target) =>
      ready
        // Asked for every time (no retry queue): a token is only good for minutes.
        .then(() => visitorId() && post(HANDOFF, { account, vid: visitorId() }, 0, 1))
        .then((json) => {
          const token = json && json.handoff;
          if (!token) return;
          const els = typeof target == 'string' ? d.querySelectorAll(target) : target && target.nodeType ? [target] : target || [];
          Array.prototype.forEach.call(els, (el) =>
            safe(() => {
              if (el.tagName == 'FORM') {
                let input = el.querySelector('input[name=aff_vid]');
                if (!input) {
                  input = d.createElement('input');
                  input.type = 'hidden';
                  input.name = 'aff_vid';
                  el.appendChild(input);
                }
                input.value = token;
              } else if (el.href) {
                const url = new URL(el.href);
                url.searchParams.set('aff_vid', token);
                url.searchParams.set('client_reference_id', token);
                el.href = url.href;
              }
            }),
          );
          safe(() => setTimeout(() => decorate(target), REDECORATE_MS));
        })
        .catch(() => {});

    const aff = {
      visitorId,
      sale: (o) => convert(o),
      action: (code, o) => convert(o, { actionCode: code }),
      decorate: (target) => safe(() => decorate(target), Promise.resolve()),
    };

    /** Runs one queued call: a function gets `aff`; `[name, ...args, callback?]` calls `aff[name]` and hands the result to the callback. */
    const run = (item) =>
      safe(() => {
        if (typeof item == 'function') return item(aff);
        const args = Array.from(item);
        const done = typeof args[args.length - 1] == 'function' && args.pop();
        const result = aff[args.shift()](...args);
        if (done) Promise.resolve(result).then((r) => safe(() => done(r)));
      });

    const early = w.affq;
    w.aff = aff;
    // From now on a push runs at once; calls made before the script loaded run below.
    w.affq = { push: (...items) => void items.forEach(run) };
    if (Array.isArray(early)) early.forEach(run);
  } catch {
    // The host page carries on without tracking.
  }
})();
