import { useMemo, useState, type FormEvent } from 'react';
import type { BusinessSettings } from '../../src-shared/contract/settings';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { formErrors, NO_ERRORS, type FormErrors } from '../lib/form-errors';
import { moneyFormat } from '../lib/money';
import { timeOfDay } from '../lib/time';
import { useSession } from '../session';
import './settings.css';

/** The form's text, as typed; turned into the settings on save. */
interface Draft {
  storeName: string;
  address: string;
  taxNumber: string;
  currency: string;
  locale: string;
  timeZone: string;
  receiptHeader: string;
  receiptFooter: string;
  blindCount: boolean;
  requireDrawerClosed: boolean;
}

function draftOf(s: BusinessSettings): Draft {
  return {
    storeName: s.storeName,
    address: s.addressLines.join('\n'),
    taxNumber: s.taxNumber,
    currency: s.currency,
    locale: s.locale,
    timeZone: s.timeZone,
    receiptHeader: s.receiptHeader,
    receiptFooter: s.receiptFooter,
    blindCount: s.blindCount,
    requireDrawerClosed: s.requireDrawerClosed,
  };
}

function settingsOf(d: Draft): BusinessSettings {
  return {
    storeName: d.storeName,
    // One address line per row; blank rows are spacing the receipt does not need.
    addressLines: d.address
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
    taxNumber: d.taxNumber,
    currency: d.currency,
    locale: d.locale,
    timeZone: d.timeZone,
    receiptHeader: d.receiptHeader,
    receiptFooter: d.receiptFooter,
    blindCount: d.blindCount,
    requireDrawerClosed: d.requireDrawerClosed,
  };
}

/** Locales offered in the list; the browser's own and the saved one are added when missing. */
const COMMON_LOCALES = [
  'en-US',
  'en-GB',
  'en-AU',
  'en-CA',
  'en-IE',
  'en-IN',
  'en-NZ',
  'fr-FR',
  'fr-BE',
  'fr-CA',
  'fr-CH',
  'de-DE',
  'de-AT',
  'de-CH',
  'it-IT',
  'es-ES',
  'es-MX',
  'pt-PT',
  'pt-BR',
  'nl-NL',
  'nl-BE',
  'sv-SE',
  'da-DK',
  'nb-NO',
  'fi-FI',
  'pl-PL',
  'cs-CZ',
  'el-GR',
  'tr-TR',
  'ja-JP',
  'ko-KR',
  'zh-CN',
  'zh-TW',
];

/** `Intl.supportedValuesOf` where the browser has it; else just what is saved. */
function supported(kind: 'currency' | 'timeZone', current: string): string[] {
  let values: string[] = [];
  try {
    values = Intl.supportedValuesOf(kind);
  } catch {
    values = [];
  }
  return values.includes(current) ? values : [current, ...values];
}

function localeList(current: string): string[] {
  const all = [...new Set([current, navigator.language, ...COMMON_LOCALES])];
  const known = Intl.NumberFormat.supportedLocalesOf(all);
  return [...new Set([current, ...known])].sort();
}

function nameOf(kind: 'currency' | 'language', code: string): string {
  try {
    const name = new Intl.DisplayNames(['en'], { type: kind }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** The zod issue paths of `addressLines.2` and the like belong to the one address field. */
function fieldError(errors: FormErrors, key: string): string | undefined {
  if (errors.fields[key]) return errors.fields[key];
  const nested = Object.entries(errors.fields).find(([p]) => p.startsWith(`${key}.`));
  return nested?.[1];
}

/**
 * The shop's settings, shared by every terminal: name, address and tax number for receipts,
 * money and time formats, receipt header and footer, blind counting. The server validates; its
 * refusals show next to each field, and nothing is saved unless all of it is.
 */
export function Settings() {
  const { client, settings, settingsChanged } = useSession();
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  const currencies = useMemo(() => supported('currency', draft.currency), [draft.currency]);
  const zones = useMemo(() => supported('timeZone', draft.timeZone), [draft.timeZone]);
  const locales = useMemo(() => localeList(draft.locale), [draft.locale]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setSaved(false);
  };
  const typed = settingsOf(draft);
  const changed = (Object.keys(typed) as (keyof BusinessSettings)[]).some(
    (k) => JSON.stringify(typed[k]) !== JSON.stringify(settings[k]),
  );

  const preview = useMemo(() => {
    try {
      const money = moneyFormat(draft.currency, draft.locale);
      return {
        // 1234 and a bit in the currency's own minor units (yen have none, dinars three).
        money: money.format(1234 * money.unit + Math.round(money.unit * 0.56)),
        date: timeOfDay(new Date().toISOString(), draft.locale, draft.timeZone),
      };
    } catch {
      return null;
    }
  }, [draft.currency, draft.locale, draft.timeZone]);

  async function save(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    try {
      const next = await client.updateSettings(settingsOf(draft));
      settingsChanged(next);
      setDraft(draftOf(next));
      setErrors(NO_ERRORS);
      setSaved(true);
    } catch (err) {
      setErrors(formErrors(err));
    } finally {
      setSaving(false);
    }
  }

  const err = (key: string) => fieldError(errors, key);

  return (
    <form className="settings card" aria-label="Settings" onSubmit={(e) => void save(e)}>
      <div className="toolbar">
        <h2>Settings</h2>
        <span className="spacer" />
        {saved && !changed && (
          <span className="info" role="status">
            Saved. Every terminal uses these now.
          </span>
        )}
        <button
          type="button"
          className="ghost"
          disabled={!changed || saving}
          onClick={() => {
            setDraft(draftOf(settings));
            setErrors(NO_ERRORS);
          }}
        >
          Undo changes
        </button>
        <button type="submit" className="primary" disabled={!changed || saving}>
          {saving ? 'Saving…' : 'Save settings'}
        </button>
      </div>
      <ErrorNote message={errors.message} />

      <div className="settings-grid">
        <fieldset>
          <legend>The shop</legend>
          <Field label="Shop name" error={err('storeName')} hint="On receipts and the top bar.">
            {(p) => (
              <input
                {...p}
                value={draft.storeName}
                onChange={(e) => set('storeName', e.target.value)}
              />
            )}
          </Field>
          <Field
            label="Address"
            error={err('addressLines')}
            hint="One line per row, up to 4 rows of 80 characters."
          >
            {(p) => (
              <textarea
                {...p}
                rows={4}
                value={draft.address}
                onChange={(e) => set('address', e.target.value)}
              />
            )}
          </Field>
          <Field
            label="Tax number (VAT/GST id)"
            error={err('taxNumber')}
            hint="Printed under the address. Leave empty if you have none."
          >
            {(p) => (
              <input
                {...p}
                value={draft.taxNumber}
                onChange={(e) => set('taxNumber', e.target.value)}
              />
            )}
          </Field>
        </fieldset>

        <fieldset>
          <legend>Money and time</legend>
          <Field
            label="Currency"
            error={err('currency')}
            hint="Prices are kept in its smallest unit."
          >
            {(p) => (
              <select
                {...p}
                value={draft.currency}
                onChange={(e) => set('currency', e.target.value)}
              >
                {currencies.map((c) => (
                  <option key={c} value={c}>
                    {nameOf('currency', c)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Number and date format" error={err('locale')}>
            {(p) => (
              <select {...p} value={draft.locale} onChange={(e) => set('locale', e.target.value)}>
                {locales.map((l) => (
                  <option key={l} value={l}>
                    {nameOf('language', l)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Time zone"
            error={err('timeZone')}
            hint="Decides the business day: order numbers and report days."
          >
            {(p) => (
              <select
                {...p}
                value={draft.timeZone}
                onChange={(e) => set('timeZone', e.target.value)}
              >
                {zones.map((z) => (
                  <option key={z} value={z}>
                    {z.replace(/_/g, ' ')}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="preview" aria-label="Preview" role="group">
            <span className="muted">Preview</span>
            {preview ? (
              <>
                <span>{preview.money}</span>
                <span>{preview.date}</span>
              </>
            ) : (
              <span className="muted">This browser cannot show that combination.</span>
            )}
          </div>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.blindCount}
              onChange={(e) => set('blindCount', e.target.checked)}
            />
            Blind cash count
          </label>
          <small className="muted">
            While a drawer is open, only people who can see reports see how much cash it should
            hold, so the count cannot be fitted to it.
          </small>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.requireDrawerClosed}
              onChange={(e) => set('requireDrawerClosed', e.target.checked)}
            />
            Close the drawer before the next cash sale
          </label>
          <small className="muted">
            With a drawer whose sensor the printer reads, a cash payment is refused while the drawer
            stands open.
          </small>
        </fieldset>

        <fieldset>
          <legend>Receipts</legend>
          <Field
            label="Receipt header"
            error={err('receiptHeader')}
            hint={`Above the order, e.g. a welcome or opening hours. ${draft.receiptHeader.length} of 200 characters.`}
          >
            {(p) => (
              <textarea
                {...p}
                rows={3}
                value={draft.receiptHeader}
                onChange={(e) => set('receiptHeader', e.target.value)}
              />
            )}
          </Field>
          <Field
            label="Receipt footer"
            error={err('receiptFooter')}
            hint={`At the end of every receipt. ${draft.receiptFooter.length} of 200 characters.`}
          >
            {(p) => (
              <textarea
                {...p}
                rows={3}
                value={draft.receiptFooter}
                onChange={(e) => set('receiptFooter', e.target.value)}
              />
            )}
          </Field>
        </fieldset>
      </div>
    </form>
  );
}
