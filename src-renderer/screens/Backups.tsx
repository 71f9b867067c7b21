import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import type { BackupEntry, BackupJob, UploadedBackup } from '../../src-shared/contract/backups';
import { newIdempotencyKey } from '../api/client';
import { Dialog } from '../components/Dialog';
import { ErrorNote } from '../components/ErrorNote';
import { LoadState } from '../components/LoadState';
import { sizeInWords } from '../lib/bytes';
import { plainError } from '../lib/errors';
import { timeOfDay } from '../lib/time';
import { useLoad } from '../lib/use-load';
import { downloadPdf } from '../cash/ZReportView';
import { useSession } from '../session';
import './backups.css';

const KIND_WORDS: Record<BackupEntry['kind'], string> = {
  backup: 'Taken by hand',
  daily: 'Daily',
  'pre-migrate': 'Before an update',
  'pre-restore': 'Before a restore',
  uploaded: 'Uploaded',
  other: 'Other file',
};

/** How often a running backup's progress is read. */
const POLL_MS = 250;

/** What a restore is about to do, shown before anything happens. */
interface Pending {
  file: string;
  /** When the backup was made; null when not known (an uploaded file with a name of its own). */
  madeAt: string | null;
  bytes: number;
  uploadedAs?: string | null;
}

/**
 * The backups folder: take a backup now (with the server's progress), download one, send one
 * from this computer, and restore one after saying exactly what it replaces.
 */
export function Backups() {
  const { client, settings, signOut } = useSession();
  const load = useLoad(() => client.listBackups({}), [client]);
  const [job, setJob] = useState<BackupJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [restoring, setRestoring] = useState(false);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const http = client.transport.kind === 'http';
  const when = (iso: string) => timeOfDay(iso, settings.locale, settings.timeZone);

  // Follows a running job until it is done or failed.
  useEffect(() => {
    if (!job || job.state !== 'running') return;
    const t = setTimeout(() => {
      client.getBackupJob({ id: job.id }).then(
        (next) => {
          setJob(next);
          if (next.state === 'done') load.reload();
          if (next.state === 'failed') setError(`The backup failed: ${next.error ?? 'unknown'}`);
        },
        (e: unknown) => setError(plainError(e).message),
      );
    }, POLL_MS);
    return () => clearTimeout(t);
  }, [client, job, load]);

  async function backUpNow() {
    setError(null);
    try {
      setJob(await client.startBackupJob({}, { idempotencyKey: newIdempotencyKey() }));
    } catch (e) {
      setError(plainError(e).message);
    }
  }

  async function download(b: BackupEntry) {
    setError(null);
    try {
      const data = (await client.downloadBackup({ file: b.file })) as unknown as Blob;
      downloadPdf(data, b.file);
    } catch (e) {
      setError(plainError(e).message);
    }
  }

  async function chooseFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setUploadError(null);
    setUploading(true);
    try {
      const up: UploadedBackup = await client.uploadBackup(
        { filename: file.name },
        { upload: file },
      );
      load.reload();
      setPending({ file: up.file, madeAt: up.madeAt, bytes: up.bytes, uploadedAs: file.name });
    } catch (err) {
      setUploadError(`${file.name} cannot be restored: ${reason(err)}`);
    } finally {
      setUploading(false);
    }
  }

  async function restore(p: Pending) {
    setRestoreError(null);
    setRestoring(true);
    try {
      await client.restoreBackup({ file: p.file });
      signOut(
        `The shop's data was restored from the backup ${p.madeAt ? `made ${when(p.madeAt)}` : p.file}. Everyone has been signed out: sign in again.`,
      );
    } catch (err) {
      setRestoreError(`Nothing was changed: ${reason(err)}`);
      setRestoring(false);
    }
  }

  const running = job?.state === 'running';
  const percent =
    job && job.totalPages > 0 ? Math.round((job.copiedPages / job.totalPages) * 100) : 0;

  return (
    <section className="card backups" aria-label="Backups">
      <div className="toolbar">
        <h2>Backups</h2>
        <span className="grow" />
        <button
          type="button"
          className="primary"
          onClick={() => void backUpNow()}
          disabled={running}
        >
          Back up now
        </button>
        {http && (
          <>
            <button
              type="button"
              className="ghost"
              disabled={uploading}
              onClick={() => fileInput.current?.click()}
            >
              {uploading ? 'Checking the file…' : 'Restore from a file…'}
            </button>
            <input
              ref={fileInput}
              type="file"
              className="sr-only"
              aria-label="Backup file to restore"
              accept=".sqlite3,.sqlite,.db,application/vnd.sqlite3,application/octet-stream"
              onChange={(e) => void chooseFile(e)}
            />
          </>
        )}
      </div>
      {!http && (
        <p className="muted">
          In the desktop app, download and restore from a file are in the File menu (Open the
          backups folder, Restore from a file…).
        </p>
      )}
      {job && (
        <div className="backup-progress">
          <progress
            aria-label="Backup progress"
            max={100}
            value={job.state === 'done' ? 100 : percent}
          />
          <span role="status">
            {job.state === 'running' &&
              (job.totalPages
                ? `Backing up… ${percent} % (${job.copiedPages} of ${job.totalPages} pages)`
                : 'Backing up…')}
            {job.state === 'done' &&
              job.backup &&
              `Backed up: ${job.backup.file} (${sizeInWords(job.backup.bytes)})`}
            {job.state === 'failed' && 'The backup did not finish.'}
          </span>
        </div>
      )}
      <ErrorNote message={error} />
      <ErrorNote message={uploadError} />
      <LoadState
        load={load}
        isEmpty={(d) => d.backups.length === 0}
        empty={
          <p>
            No backups yet. “Back up now” makes one; the app also takes one every day and before
            every update.
          </p>
        }
      >
        {(d) => (
          <table className="table">
            <thead>
              <tr>
                <th>When</th>
                <th>Kind</th>
                <th>Size</th>
                <th>File</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {d.backups.map((b) => (
                <tr key={b.file}>
                  <td>{when(b.createdAt)}</td>
                  <td>{KIND_WORDS[b.kind]}</td>
                  <td>{sizeInWords(b.bytes)}</td>
                  <td className="muted backup-file">{b.file}</td>
                  <td className="backup-actions">
                    {http && (
                      <button
                        type="button"
                        className="ghost"
                        aria-label={`Download ${b.file}`}
                        onClick={() => void download(b)}
                      >
                        Download
                      </button>
                    )}
                    <button
                      type="button"
                      className="ghost"
                      aria-label={`Restore ${b.file}`}
                      onClick={() => {
                        setRestoreError(null);
                        setPending({
                          file: b.file,
                          madeAt: b.kind === 'uploaded' || b.kind === 'other' ? null : b.createdAt,
                          bytes: b.bytes,
                        });
                      }}
                    >
                      Restore…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </LoadState>
      {pending && (
        <Dialog title="Restore this backup?" onClose={() => !restoring && setPending(null)}>
          <div className="restore-confirm">
            <p>
              <strong>
                {pending.madeAt
                  ? `This backup was made ${when(pending.madeAt)}.`
                  : 'When this backup was made is not known (its file name does not say).'}
              </strong>{' '}
              {pending.uploadedAs ? `It was sent as ${pending.uploadedAs}` : pending.file} (
              {sizeInWords(pending.bytes)}).
            </p>
            <p>
              Restoring replaces <strong>all of the shop&apos;s current data</strong> on this
              computer — the menu, orders and payments, cash sessions, stock, staff, customers and
              settings — with what the backup holds. Everything recorded since it was made is no
              longer in use.
            </p>
            <p className="muted">
              The current data is kept first as a “Before a restore” backup in this list. Everyone
              is signed out and signs in again on the restored data.
            </p>
            <ErrorNote message={restoreError} />
            <div className="row">
              <button
                type="button"
                className="danger"
                disabled={restoring}
                onClick={() => void restore(pending)}
              >
                {restoring ? 'Restoring…' : 'Restore'}
              </button>
              <button
                type="button"
                className="ghost"
                disabled={restoring}
                onClick={() => setPending(null)}
              >
                Cancel
              </button>
            </div>
          </div>
        </Dialog>
      )}
    </section>
  );
}

/** The server's reason for refusing a file, in its own words (they are written for people). */
function reason(e: unknown): string {
  const err = e as { code?: string; message?: string; details?: { reason?: string } };
  if (err.code === 'invalid_backup' && err.details?.reason) return err.details.reason;
  if (err.code === 'payload_too_large' && err.message) return err.message;
  if (err.code === 'database_in_use' && err.message)
    return `${err.message}. Wait for it to finish, then try again.`;
  return plainError(e).message;
}
