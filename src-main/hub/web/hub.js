/* global document, window, sessionStorage */
// The hub's screen: sign in, stores and tills with their sync state, sales by store and till.
// Every text from the server goes in through textContent, never as HTML.

import { hubUsersCard } from './hub-users.js';
import { storePrintersCard } from './store-printers.js';

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = 'countertop-hub-token';
let me = null;

async function api(method, path, body) {
  const headers = {};
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new Error('The hub did not answer. Check the connection and try again.');
  }
  const data = await res.json().catch(() => ({}));
  if (res.status === 401 && path !== '/hub/api/auth/login') {
    signOut('Your sign-in ended; sign in again.');
    throw new Error('Your sign-in ended; sign in again.');
  }
  if (!res.ok) {
    const issue = data?.error?.details?.issues?.[0];
    // The hub names a field by a path array, the office (the till's answers) by a dotted string.
    const err = sentence(
      issue
        ? `${[issue.path].flat().join('.') || 'input'}: ${issue.message}`
        : (data?.error?.message ?? `The hub refused (${res.status}).`),
    );
    // For a form that shows each refusal next to its own field.
    err.status = res.status;
    err.issues = data?.error?.details?.issues ?? [];
    err.details = data?.error?.details ?? {};
    throw err;
  }
  return data;
}

/** The hub's messages start in lower case (they are written to be logged too). */
function sentence(text) {
  return new Error(text.charAt(0).toUpperCase() + text.slice(1));
}

/** Minor units to "12.34" with integers only. */
function money(minor) {
  const sign = minor < 0 ? '−' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100).toLocaleString('en')}.${String(abs % 100).padStart(2, '0')}`;
}

function ago(seconds) {
  if (seconds === null) return 'never';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') node.textContent = v;
    else if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

const STATE_WORDS = { paired: 'Paired', revoked: 'Revoked', awaiting_pairing: 'Awaiting pairing' };

async function loadTills() {
  $('tills-error').textContent = '';
  try {
    const [{ stores }, { tills }] = await Promise.all([
      api('GET', '/hub/api/stores'),
      api('GET', '/hub/api/tills'),
    ]);
    const body = $('tills');
    body.replaceChildren();
    for (const store of stores) {
      const mine = tills.filter((t) => t.storeId === store.id);
      if (!mine.length)
        body.append(
          el(
            'tr',
            {},
            el('td', { text: store.name }),
            el('td', { class: 'muted', colspan: '6', text: 'No tills yet' }),
          ),
        );
      for (const [i, t] of mine.entries()) {
        const actions = el('td');
        if (me?.role === 'admin' && t.state !== 'revoked') {
          const revoke = el('button', {
            type: 'button',
            class: 'danger',
            text: 'Revoke',
            'aria-label': `Revoke ${t.name} of ${store.name}`,
          });
          revoke.addEventListener('click', () => revokeTill(t, store));
          actions.append(revoke);
        }
        const late = t.secondsSincePush !== null && t.secondsSincePush > 900;
        body.append(
          el(
            'tr',
            {},
            el('td', { text: i === 0 ? store.name : '' }),
            el('td', { text: t.name }),
            el(
              'td',
              {},
              el('span', { class: `badge ${t.state}`, text: STATE_WORDS[t.state] ?? t.state }),
            ),
            el('td', { class: late ? 'late' : '', text: ago(t.secondsSincePush) }),
            el('td', { class: 'num', text: String(t.ackedSeq) }),
            el('td', { text: t.catalogBehind ? `${t.catalogBehind} behind` : 'Up to date' }),
            actions,
          ),
        );
      }
    }
    if (!stores.length)
      body.append(el('tr', {}, el('td', { class: 'muted', colspan: '7', text: 'No stores yet.' })));
    for (const select of [
      $('till-store'),
      $('sales-store'),
      $('prices-store'),
      $('printers-store'),
    ]) {
      const keep = select.value;
      const first =
        select.id === 'sales-store' ? [el('option', { value: '', text: 'All stores' })] : [];
      select.replaceChildren(
        ...first,
        ...stores.map((s) => el('option', { value: s.id, text: s.name })),
      );
      if (keep) select.value = keep;
    }
    void loadPrices();
    void printers.load();
  } catch (e) {
    $('tills-error').textContent = e.message;
  }
}

async function revokeTill(till, store) {
  if (!window.confirm(`Revoke ${till.name} of ${store.name}? It stops syncing at once.`)) return;
  try {
    await api('POST', `/hub/api/tills/${encodeURIComponent(till.id)}/revoke`);
    await loadTills();
  } catch (e) {
    $('tills-error').textContent = e.message;
  }
}

function localDay(value, plusDays = 0) {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
}

async function loadSales() {
  $('sales-error').textContent = '';
  const from = $('sales-from').value;
  const to = $('sales-to').value;
  if (!from || !to) {
    $('sales-error').textContent = 'Choose both dates.';
    return;
  }
  if (to < from) {
    $('sales-error').textContent = 'The end date is before the start date.';
    return;
  }
  const q = new URLSearchParams({ from: localDay(from), to: localDay(to, 1) });
  if ($('sales-store').value) q.set('storeId', $('sales-store').value);
  try {
    const r = await api('GET', `/hub/api/reports/sales?${q}`);
    const totals = [
      ['Net sales', money(r.net)],
      ['Gross', money(r.gross)],
      ['Refunds', money(r.refunds)],
      ['Tax', money(r.tax)],
      ['Orders', String(r.orderCount)],
    ];
    $('totals').replaceChildren(
      ...totals.map(([k, v]) => el('div', {}, el('dt', { text: k }), el('dd', { text: v }))),
    );
    const max = Math.max(1, ...r.stores.flatMap((s) => s.tills.map((t) => t.net)));
    const rows = [];
    for (const s of r.stores) {
      rows.push(
        el(
          'tr',
          { class: 'store' },
          el('td', { text: s.storeName }),
          el('td', { class: 'num', text: String(s.orderCount) }),
          el('td', { class: 'num', text: money(s.gross) }),
          el('td', { class: 'num', text: money(s.refunds) }),
          el('td', { class: 'num', text: money(s.tax) }),
          el('td', { class: 'num', text: money(s.net) }),
          el('td'),
        ),
      );
      for (const t of s.tills) {
        const pct = Math.max(0, Math.round((t.net / max) * 100));
        const fill = el('div', { class: 'bar-fill' });
        fill.style.width = `${pct}%`;
        rows.push(
          el(
            'tr',
            {},
            el('td', { class: 'till', text: t.tillName }),
            el('td', { class: 'num', text: String(t.orderCount) }),
            el('td', { class: 'num', text: money(t.gross) }),
            el('td', { class: 'num', text: money(t.refunds) }),
            el('td', { class: 'num', text: money(t.tax) }),
            el('td', { class: 'num', text: money(t.net) }),
            el(
              'td',
              {},
              el(
                'div',
                {
                  class: 'bar-track',
                  role: 'img',
                  'aria-label': `${t.tillName}: net ${money(t.net)}`,
                },
                fill,
              ),
            ),
          ),
        );
      }
    }
    if (!rows.length)
      rows.push(el('tr', {}, el('td', { class: 'muted', colspan: '7', text: 'No stores yet.' })));
    $('sales').replaceChildren(...rows);
  } catch (e) {
    $('sales-error').textContent = e.message;
  }
}

/** "3.50" → 350, in integers; null when it is not an amount with at most two decimals. */
function parseMoney(text) {
  const m = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

async function loadPrices() {
  $('prices-error').textContent = '';
  const storeId = $('prices-store').value;
  if (!storeId) {
    $('prices').replaceChildren(
      el('tr', {}, el('td', { class: 'muted', colspan: '4', text: 'No stores yet.' })),
    );
    return;
  }
  const storeName = $('prices-store').selectedOptions[0]?.textContent ?? '';
  try {
    const [{ items }, { prices }] = await Promise.all([
      // The menu as the till's own operation answers it, through the office.
      api('GET', '/hub/office/api/menu/items'),
      api('GET', `/hub/api/stores/${encodeURIComponent(storeId)}/prices`),
    ]);
    // A slower answer for a store picked earlier must not replace the rows of the one picked now.
    if ($('prices-store').value !== storeId) return;
    const byItem = new Map(prices.map((p) => [p.menuItemId, p]));
    const rows = items
      .filter((i) => !i.archived)
      .map((item) => {
        const own = byItem.get(item.id);
        const input = el('input', {
          class: 'price',
          inputmode: 'decimal',
          placeholder: money(item.price).replace(/,/g, ''),
          'aria-label': `Price of ${item.name} in ${storeName}`,
        });
        if (own?.price !== null && own?.price !== undefined)
          input.value = money(own.price).replace(/,/g, '');
        const save = el('button', {
          type: 'button',
          class: 'small',
          text: 'Save',
          'aria-label': `Save ${item.name} in ${storeName}`,
        });
        save.addEventListener('click', async () => {
          $('prices-error').textContent = '';
          $('prices-saved').textContent = '';
          // Empty: this store sells at the price of every store again.
          const minor = input.value.trim() === '' ? null : parseMoney(input.value);
          if (minor === null && input.value.trim() !== '') {
            $('prices-error').textContent =
              `The price of ${item.name} must be an amount like 3.50, or empty for the usual price.`;
            input.focus();
            return;
          }
          try {
            await api(
              'PUT',
              `/hub/api/stores/${encodeURIComponent(storeId)}/prices/${encodeURIComponent(item.id)}`,
              { price: minor, taxRateBps: own?.taxRateBps ?? null },
            );
            $('prices-saved').textContent =
              minor === null
                ? `${item.name} sells at the usual price in ${storeName}.`
                : `${item.name} sells at ${money(minor)} in ${storeName}; its tills get it at their next pull.`;
          } catch (e) {
            $('prices-error').textContent = e.message;
          }
        });
        return el(
          'tr',
          {},
          el('td', { text: item.name }),
          el('td', { class: 'num', text: money(item.price) }),
          el('td', { class: 'num' }, input),
          el('td', {}, save),
        );
      });
    if (!rows.length)
      rows.push(el('tr', {}, el('td', { class: 'muted', colspan: '4', text: 'No menu yet.' })));
    $('prices').replaceChildren(...rows);
  } catch (e) {
    if ($('prices-store').value === storeId) $('prices-error').textContent = e.message;
  }
}

/** A sign-in, or a password change that ended every older session: this tab goes on with it. */
function keepSession(r) {
  sessionStorage.setItem(TOKEN_KEY, r.token);
  sessionStorage.setItem(`${TOKEN_KEY}-user`, JSON.stringify(r.user));
  me = r.user;
}

const people = hubUsersCard({ api, el, keepSession });
const printers = storePrintersCard({ api, el });

function showSignedIn() {
  $('signed-out').hidden = true;
  $('signed-in').hidden = false;
  $('sign-out').hidden = false;
  $('who').textContent = `${me.displayName} · ${me.role}`;
  $('admin-forms').hidden = me.role !== 'admin';
  const today = new Date();
  const iso = (d) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  if (!$('sales-from').value) {
    $('sales-from').value = iso(
      new Date(today.getFullYear(), today.getMonth(), today.getDate() - 6),
    );
    $('sales-to').value = iso(today);
  }
  void loadTills().then(loadSales);
  people.show(me);
}

function signOut(message = '') {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(`${TOKEN_KEY}-user`);
  me = null;
  // Whoever signs in next sees nothing of the last person's screen.
  for (const id of ['tills', 'sales', 'totals', 'pairing', 'prices', 'prices-saved'])
    $(id).replaceChildren();
  $('pairing').hidden = true;
  $('signed-in').hidden = true;
  $('sign-out').hidden = true;
  $('signed-out').hidden = false;
  $('who').textContent = '';
  $('sign-in-error').textContent = message;
  people.clear();
  printers.clear();
}

$('sign-in').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('sign-in-error').textContent = '';
  const username = $('username').value.trim();
  const password = $('password').value;
  if (!username || !password) {
    $('sign-in-error').textContent = 'Enter your username and password.';
    return;
  }
  try {
    keepSession(await api('POST', '/hub/api/auth/login', { username, password }));
    $('password').value = '';
    showSignedIn();
  } catch (e) {
    $('sign-in-error').textContent = e.message;
  }
});

$('sign-out').addEventListener('click', () => signOut());
$('refresh').addEventListener('click', () => void loadTills());
$('sales-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  void loadSales();
});

$('add-store').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('tills-error').textContent = '';
  try {
    await api('POST', '/hub/api/stores', { name: $('store-name').value });
    $('store-name').value = '';
    await loadTills();
  } catch (e) {
    $('tills-error').textContent = e.message;
  }
});

$('add-till').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('tills-error').textContent = '';
  const storeId = $('till-store').value;
  if (!storeId) {
    $('tills-error').textContent = 'Add a store first.';
    return;
  }
  try {
    const r = await api('POST', `/hub/api/stores/${encodeURIComponent(storeId)}/tills`, {
      name: $('till-name').value,
    });
    $('till-name').value = '';
    const until = new Date(r.pairingExpiresAt).toLocaleString();
    $('pairing').hidden = false;
    $('pairing').replaceChildren(
      `Pairing code for ${r.till.name} (${r.till.storeName}): `,
      el('code', { text: r.pairingCode }),
      ` — type it on the till under Back office › Hub. It works once, until ${until}, and is not shown again.`,
    );
    await loadTills();
  } catch (e) {
    $('tills-error').textContent = e.message;
  }
});

$('prices-store').addEventListener('change', () => void loadPrices());

const saved = sessionStorage.getItem(`${TOKEN_KEY}-user`);
if (saved && sessionStorage.getItem(TOKEN_KEY)) {
  me = JSON.parse(saved);
  showSignedIn();
} else {
  signOut();
}
