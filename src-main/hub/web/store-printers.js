/* global document */
// The "Store printers" card: each store's own kitchen printer for a station (the office's address
// is every store's default). hub.js hands in its api() and el(), so there is one way to call the
// hub. Every text from the server goes in through textContent.

const $ = (id) => document.getElementById(id);

/** "expected none, tcp://…" → "Expected none, tcp://…." */
function sentence(text) {
  const s = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

export function storePrintersCard({ api, el }) {
  async function load() {
    $('printers-error').textContent = '';
    const storeId = $('printers-store').value;
    if (!storeId) {
      $('printers').replaceChildren(
        el('tr', {}, el('td', { class: 'muted', colspan: '4', text: 'No stores yet.' })),
      );
      return;
    }
    const storeName = $('printers-store').selectedOptions[0]?.textContent ?? '';
    try {
      const [{ stations }, { printers }] = await Promise.all([
        // The stations as the till's own operation answers them, through the office.
        api('GET', '/hub/office/api/stations'),
        api('GET', `/hub/api/stores/${encodeURIComponent(storeId)}/station-printers`),
      ]);
      // A slower answer for a store picked earlier (the first load racing a quick change of
      // store) must not replace the rows of the store picked now.
      if ($('printers-store').value !== storeId) return;
      const byStation = new Map(printers.map((p) => [p.stationId, p.printer]));
      const rows = stations.map((station) => {
        const input = el('input', {
          class: 'printer',
          placeholder: station.printer,
          spellcheck: 'false',
          autocomplete: 'off',
          'aria-label': `Printer of ${station.name} in ${storeName}`,
        });
        input.value = byStation.get(station.id) ?? '';
        const save = el('button', {
          type: 'button',
          class: 'small',
          text: 'Save',
          'aria-label': `Save the printer of ${station.name} in ${storeName}`,
        });
        save.addEventListener('click', async () => {
          $('printers-error').textContent = '';
          $('printers-saved').textContent = '';
          input.removeAttribute('aria-invalid');
          // Empty: this store prints to the office's address again.
          const printer = input.value.trim() === '' ? null : input.value.trim();
          try {
            const r = await api(
              'PUT',
              `/hub/api/stores/${encodeURIComponent(storeId)}/station-printers/${encodeURIComponent(station.id)}`,
              { printer },
            );
            input.value = r.printer ?? '';
            $('printers-saved').textContent =
              r.printer === null
                ? `${station.name} prints to the office’s printer (${station.printer}) in ${storeName}.`
                : `${station.name} prints to ${r.printer} in ${storeName}; its tills get it at their next pull.`;
          } catch (e) {
            const issue = e.status === 422 ? e.issues?.[0] : undefined;
            $('printers-error').textContent = issue
              ? `The printer of ${station.name} in ${storeName} was not saved: ${sentence(issue.message)}`
              : e.message;
            if (e.status === 422) {
              input.setAttribute('aria-invalid', 'true');
              input.focus();
            }
          }
        });
        const name = el('td', { text: station.name });
        if (!station.active) name.append(' ', el('span', { class: 'muted', text: '(inactive)' }));
        return el(
          'tr',
          {},
          name,
          el('td', {}, el('code', { text: station.printer })),
          el('td', {}, input),
          el('td', {}, save),
        );
      });
      if (!rows.length)
        rows.push(
          el(
            'tr',
            {},
            el('td', {
              class: 'muted',
              colspan: '4',
              text: 'No kitchen stations yet: add them in the office.',
            }),
          ),
        );
      $('printers').replaceChildren(...rows);
    } catch (e) {
      if ($('printers-store').value === storeId) $('printers-error').textContent = e.message;
    }
  }

  $('printers-store').addEventListener('change', () => void load());

  return {
    load,
    clear() {
      for (const id of ['printers', 'printers-error', 'printers-saved']) $(id).replaceChildren();
    },
  };
}
