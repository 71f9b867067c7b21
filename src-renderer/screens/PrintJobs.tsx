import { useCallback, useEffect, useState } from 'react';
import { FilterToolbar } from '../components/FilterToolbar';
import {
  PRINT_JOB_STATUSES,
  type PrintJob,
  type PrintJobStatus,
} from '../../src-shared/contract/hardware';
import { ErrorNote } from '../components/ErrorNote';
import { plainError } from '../lib/errors';
import { timeOfDay } from '../lib/time';
import { useSession } from '../session';

/** Receipts and kitchen tickets that went (or did not go) to the printer, with a retry. */
export function PrintJobs() {
  const { client, settings } = useSession();
  const [status, setStatus] = useState<PrintJobStatus | ''>('');
  const [jobs, setJobs] = useState<PrintJob[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setJobs((await client.listPrintJobs({ limit: 50, ...(status ? { status } : {}) })).jobs);
      setError(null);
    } catch (e) {
      setError(plainError(e).message);
    }
  }, [client, status]);

  useEffect(() => {
    void load();
  }, [load]);

  async function retry(job: PrintJob) {
    try {
      const next = await client.retryPrintJob({ id: job.id });
      setJobs((js) => js.map((j) => (j.id === next.id ? next : j)));
    } catch (e) {
      setError(plainError(e).message);
    }
  }

  return (
    <section className="card" aria-label="Print jobs">
      <FilterToolbar
        title="Print jobs"
        label="Status"
        value={status}
        options={PRINT_JOB_STATUSES}
        onChange={setStatus}
        onRefresh={() => void load()}
      />
      <ErrorNote message={error} />
      {jobs.length === 0 ? (
        <p className="muted">No print jobs.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>When</th>
              <th>Kind</th>
              <th>Status</th>
              <th className="num">Tries</th>
              <th>Problem</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={j.id}>
                <td>{timeOfDay(j.createdAt, settings.locale, settings.timeZone)}</td>
                <td>
                  {j.kind}
                  {j.reprint ? ' (reprint)' : ''}
                </td>
                <td>
                  <span className={`badge p-${j.status}`}>{j.status}</span>
                </td>
                <td className="num">{j.attempts}</td>
                <td>{j.lastError ?? j.warning ?? ''}</td>
                <td>
                  {j.status === 'failed' && (
                    <button type="button" onClick={() => void retry(j)}>
                      Retry
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
