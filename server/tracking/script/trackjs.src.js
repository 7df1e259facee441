/*
 * trackjs.js — the Post Affiliate Pro drop-in (PLATFORM-API.md §4): a merchant coming from PAP
 * changes the script's host and nothing else on their pages.
 *
 *   <script type="text/javascript" id="pap_x2s6df8d" src="https://TRACKER/scripts/trackjs.js"></script>
 *   <script type="text/javascript">PostAffTracker.setAccountId('default1'); try { PostAffTracker.track(); } catch (err) { }</script>
 *
 * A thin translation onto the tracker's own calls (/t/click, /t/sale, /t/handoff): the same
 * visitor storage as t.js (`_aff_vid` cookie and localStorage), and the same browser rules on
 * the tracker's side — setAffiliateID, setStatus or setFixedCost on a sale are what a browser may
 * not decide, and the tracker refuses them as it refuses them from t.js. Never throws into the page.
 *
 * Served minified from trackjs.min.ts: after editing, run `node scripts/build-tracking-script.mjs`.
 */
(() => {
  try {
    const w = window;
    const d = document;
    if (w.PostAffTracker && w.PostAffTracker.getVisitorId) return;
    const VID = '_aff_vid';
    const HEX32 = /^[0-9a-f]{32}$/;
    // The tracker is where this script came from, path included (a shop's own proxy works too).
    const me = d.currentScript || d.querySelector('script[src*="trackjs.js"]') || {};
    const base = me.src ? me.src.replace(/\/scripts\/trackjs\.js(?:[?#].*)?$/, '') : '';
    // PAP's links carry their parameters in the query or after `#` (`#a_aid=…&a_bid=…`).
    const query = new URLSearchParams(location.search);
    const hash = new URLSearchParams(location.hash.slice(1));
    const param = (n) => query.get(n) || hash.get(n) || undefined;
    let account = 'default1';
    let pending = [];
    let ready = Promise.resolve();

    const safe = (fn, fallback) => {
      try {
        return fn();
      } catch {
        return fallback;
      }
    };
    const saved = () => safe(() => JSON.parse(localStorage.getItem(VID)));
    const visitorId = () =>
      safe(() => {
        const m = /(?:^|;\s*)_aff_vid=([0-9a-f]{32})/.exec(d.cookie);
        const s = saved();
        return m ? m[1] : s && HEX32.test(s.id) && s.expires > Date.now() ? s.id : null;
      }, null);
    /** As t.js keeps it; not in a cookie of our own when the tracker set one through the shop's proxy. */
    const remember = (id, days, fp) =>
      safe(() => {
        const expires = Date.now() + days * 864e5;
        if (!fp)
          d.cookie = VID + '=' + id + '; Max-Age=' + days * 86400 + '; Path=/; SameSite=Lax' + (location.protocol == 'https:' ? '; Secure' : '');
        localStorage.setItem(VID, JSON.stringify({ id, expires, fp }));
      });
    const compact = (o) => {
      const out = {};
      for (const k in o) if (o[k] != null && o[k] !== '') out[k] = o[k];
      return out;
    };
    /** POSTs to the tracker; resolves with its JSON answer (or {}), never rejects. */
    const post = (path, body) =>
      Promise.resolve()
        .then(() =>
          fetch(base + path, {
            method: 'POST',
            headers: { 'Content-Type': 'text/plain' },
            body: JSON.stringify(compact(body)),
            credentials: 'include',
            keepalive: true,
          }),
        )
        .then((res) =>
          res
            .json()
            .catch(() => ({}))
            .then((json) => {
              if (res.ok && json && HEX32.test(json.visitorId))
                remember(json.visitorId, json.cookieDays || 30, json.firstParty && base.indexOf(location.origin + '/') == 0);
              return json;
            }),
        )
        .catch(() => ({}));

    /** A hand-off token for the visitor (never the raw id: it leaves the page), then fn(token). */
    const withToken = (fn) =>
      ready
        .then(() => visitorId() && post('/t/handoff', { account, vid: visitorId() }))
        .then((json) => json && json.handoff && safe(() => fn(json.handoff)));

    const conversion = (actionCode) => {
      const o = { actionCode };
      const t = {};
      const set = (name, key) => (t[name] = (v) => void (o[key] = v == null ? v : String(v)));
      set('setTotalCost', 'total');
      set('setFixedCost', 'commission');
      set('setOrderID', 'orderId');
      set('setProductID', 'productId');
      set('setAffiliateID', 'affiliate');
      set('setCampaignID', 'campaign');
      set('setBannerID', 'banner');
      set('setChannelID', 'channel');
      set('setCoupon', 'coupon');
      set('setCurrency', 'currency');
      set('setStatus', 'status');
      for (let i = 1; i < 6; i++) set('setData' + i, 'data' + i);
      pending.push(o);
      return t;
    };

    w.PostAffTracker = {
      setAccountId: (id) => void (account = id),
      /** Records the click of a PAP link (`a_aid`, `a_bid`, `a_cid`, `chan`, `data1`, `data2`), or trades in a redirect link's token. */
      track: () =>
        safe(() => {
          const token = param('aff_vid');
          const body = { account, vid: visitorId() };
          if (token && /^ah1_[\w-]+$/.test(token)) body.handoff = token;
          else if (param('a_aid')) {
            for (const n of ['a_aid', 'a_bid', 'a_cid', 'chan', 'data1', 'data2']) body[n] = param(n);
            body.url = location.href.slice(0, 2048);
            body.referrer = d.referrer.slice(0, 2048);
          } else return ready;
          return (ready = post('/t/click', body));
        }),
      createSale: () => conversion(),
      createAction: (code) => conversion(code),
      /** Sends the sales and actions created since the last register(). */
      register: () =>
        safe(() => {
          const sent = pending;
          pending = [];
          return ready.then(() => Promise.all(sent.map((o) => post('/t/sale', Object.assign({ account, visitorId: visitorId() }, o)))));
        }),
      getVisitorId: visitorId,
      writeCookieToCustomField: (id) =>
        withToken((token) => {
          d.getElementById(id).value = token;
        }),
      writeCookieToLink: (id, name) =>
        withToken((token) => {
          const el = d.getElementById(id);
          const url = new URL(el.href);
          url.searchParams.set(name || 'aff_vid', token);
          el.href = url.href;
        }),
    };
  } catch {
    // The host page carries on without tracking.
  }
})();
