import { useState } from 'react';
import type { OperationName } from '../../src-shared/contract';
import { ErrorNote } from '../components/ErrorNote';
import { downloadCsv } from '../lib/download';
import { plainError } from '../lib/errors';
import { useSession } from '../session';

/** "Download CSV" for a report: the same figures as on screen, as a spreadsheet file. */
export function CsvButton({
  op,
  input,
  fileName,
  label = 'Download CSV',
}: {
  op: OperationName;
  input: Record<string, unknown>;
  fileName: string;
  label?: string;
}) {
  const { client } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          downloadCsv(client, op, input, fileName)
            .catch((e: unknown) => setError(plainError(e).message))
            .finally(() => setBusy(false));
        }}
      >
        {label}
      </button>
      <ErrorNote message={error} />
    </>
  );
}
