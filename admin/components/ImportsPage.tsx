// Bulk imports: upload a register, see the preview (counts, column mapping, first
// rejected rows, error report), then commit it; a progress bar follows the job.
import React, { useEffect, useRef, useState } from 'react';
import {
  Box,
  Button,
  CheckBox,
  H2,
  H4,
  Label,
  Link,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Text,
} from '@adminjs/design-system';

interface ImportType {
  slug: string;
  label: string;
}
interface Job {
  id: number;
  status: 'PENDING' | 'RUNNING' | 'PREVIEWED' | 'COMPLETED' | 'FAILED';
  dryRun: boolean;
  validRowsOnly: boolean;
  fileName: string;
  totalRows: number;
  processedRows: number;
  createdRows: number;
  updatedRows: number;
  skippedRows: number;
  rejectedRows: number;
  failureReason: string | null;
  rowErrors: Array<{ row: number; column: string; message: string }> | null;
  columnMapping: Array<{ fileHeader: string; field: string | null }> | null;
  hasErrorReport: boolean;
}

/** The job's state in the clerk's words: a PENDING import waits in the queue for a background worker. */
const STATUS_WORDS: Record<Job['status'], string> = {
  PENDING: 'waiting for a worker',
  RUNNING: 'running',
  PREVIEWED: 'previewed',
  COMPLETED: 'completed',
  FAILED: 'failed',
};

const running = (job: Job | null) => job !== null && (job.status === 'PENDING' || job.status === 'RUNNING');

async function answerOf(res: Response): Promise<Record<string, unknown>> {
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new Error(String((body.error as { message?: string } | undefined)?.message ?? `The server answered ${res.status}`));
  return body;
}

const ProgressBar: React.FC<{ job: Job }> = ({ job }) => {
  const done = !running(job);
  const share = done ? 1 : job.totalRows > 0 ? Math.min(0.99, job.processedRows / job.totalRows) : 0;
  return (
    <Box mt="lg" data-testid="import-progress">
      <div style={{ background: '#e6e9f0', borderRadius: 4, height: 14, overflow: 'hidden' }}>
        <div
          role="progressbar"
          aria-valuenow={Math.round(share * 100)}
          aria-valuemin={0}
          aria-valuemax={100}
          style={{
            width: `${Math.round(share * 100)}%`,
            background: job.status === 'FAILED' ? '#c20012' : '#3040d6',
            height: '100%',
            transition: 'width .3s',
          }}
        />
      </div>
      <Text mt="sm">
        {running(job)
          ? `Reading… ${job.processedRows.toLocaleString('en-IN')} rows (${Math.round(share * 100)}%)`
          : `Done: ${job.totalRows.toLocaleString('en-IN')} rows read`}
      </Text>
    </Box>
  );
};

const ImportsPage: React.FC = () => {
  const [types, setTypes] = useState<ImportType[]>([]);
  const [limits, setLimits] = useState<{ maxMegabytes: number; maxRows: number } | null>(null);
  const [type, setType] = useState<string>('patients');
  const [validRowsOnly, setValidRowsOnly] = useState(false);
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    fetch('/admin/imports/types', { credentials: 'same-origin' })
      .then(answerOf)
      .then((body) => {
        setTypes(body.types as ImportType[]);
        setLimits({ maxMegabytes: Number(body.maxMegabytes), maxRows: Number(body.maxRows) });
      })
      .catch((e: Error) => setError(e.message));
  }, []);

  const follow = (jobId: number) => {
    const poll = async () => {
      try {
        const next = (await answerOf(await fetch(`/admin/imports/${jobId}`, { credentials: 'same-origin' }))) as unknown as Job;
        setJob(next);
        if (running(next)) setTimeout(poll, 700);
      } catch (e) {
        setError((e as Error).message);
      }
    };
    void poll();
  };

  const preview = async () => {
    setError(null);
    const file = fileInput.current?.files?.[0];
    if (!file) return setError('Choose the file to import');
    const form = new FormData();
    form.append('type', type);
    form.append('validRowsOnly', String(validRowsOnly));
    form.append('file', file);
    try {
      const body = await answerOf(await fetch('/admin/imports', { method: 'POST', body: form, credentials: 'same-origin' }));
      follow(Number(body.jobId));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const commit = async () => {
    if (!job) return;
    setError(null);
    try {
      const body = await answerOf(
        await fetch(`/admin/imports/${job.id}/commit`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ validRowsOnly }),
        }),
      );
      follow(Number(body.jobId));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const options = types.map((t) => ({ value: t.slug, label: t.label }));
  return (
    <Box variant="container" p="xl">
      <H2>Import registers</H2>
      <Text mb="lg">
        Upload an .xlsx or .csv file{limits ? ` (up to ${limits.maxMegabytes} MB and ${limits.maxRows.toLocaleString('en-IN')} rows)` : ''}.
        You will see a preview first; nothing is written until you commit.
      </Text>
      <Box mb="lg" style={{ maxWidth: 420 }}>
        <Label>What is in the file</Label>
        <Select
          value={options.find((o) => o.value === type)}
          options={options}
          onChange={(o: { value: string } | null) => o && setType(o.value)}
        />
        <Text mt="sm">
          <Link href={`/admin/imports/templates/${type}.xlsx`}>Download the template</Link>
        </Text>
      </Box>
      <Box mb="lg">
        <Label htmlFor="import-file">File</Label>
        <input id="import-file" type="file" accept=".xlsx,.csv" ref={fileInput} />
      </Box>
      <Box mb="lg" flex flexDirection="row" alignItems="center">
        <CheckBox id="valid-rows-only" checked={validRowsOnly} onChange={() => setValidRowsOnly(!validRowsOnly)} />
        <Label inline htmlFor="valid-rows-only" ml="default">
          Import the valid rows and reject the rest (otherwise one bad row stops the whole file)
        </Label>
      </Box>
      <Button variant="primary" onClick={preview} disabled={running(job)}>
        Preview
      </Button>
      {error && (
        <Text mt="lg" color="error" role="alert">
          {error}
        </Text>
      )}
      {job && <JobResult job={job} onCommit={commit} />}
    </Box>
  );
};

const JobResult: React.FC<{ job: Job; onCommit: () => void }> = ({ job, onCommit }) => (
  <Box mt="xl" data-testid="import-result">
    <H4>
      {job.dryRun ? 'Preview' : 'Import'} of {job.fileName}: {STATUS_WORDS[job.status]}
    </H4>
    <ProgressBar job={job} />
    {job.failureReason && (
      <Text mt="lg" color="error" role="alert">
        {job.failureReason}
      </Text>
    )}
    {(!running(job) && job.status !== 'FAILED') || job.rejectedRows > 0 ? (
      <Table mt="lg">
        <TableHead>
          <TableRow>
            <TableCell>{job.dryRun ? 'To create' : 'Created'}</TableCell>
            <TableCell>{job.dryRun ? 'To update' : 'Updated'}</TableCell>
            <TableCell>{job.dryRun ? 'To skip' : 'Skipped'}</TableCell>
            <TableCell>Rejected</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          <TableRow>
            <TableCell data-testid="count-created">{job.createdRows}</TableCell>
            <TableCell data-testid="count-updated">{job.updatedRows}</TableCell>
            <TableCell data-testid="count-skipped">{job.skippedRows}</TableCell>
            <TableCell data-testid="count-rejected">{job.rejectedRows}</TableCell>
          </TableRow>
        </TableBody>
      </Table>
    ) : null}
    {job.columnMapping && (
      <Box mt="lg">
        <H4>Columns</H4>
        {job.columnMapping.map((m) => (
          <Text key={m.fileHeader}>
            “{m.fileHeader}” → {m.field ?? 'not imported'}
          </Text>
        ))}
      </Box>
    )}
    {job.rowErrors && job.rowErrors.length > 0 && (
      <Box mt="lg">
        <H4>First rejected rows</H4>
        <Table>
          <TableHead>
            <TableRow>
              <TableCell>Row</TableCell>
              <TableCell>Column</TableCell>
              <TableCell>Problem</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {job.rowErrors.slice(0, 20).map((e, i) => (
              <TableRow key={i}>
                <TableCell>{e.row}</TableCell>
                <TableCell>{e.column}</TableCell>
                <TableCell>{e.message}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    )}
    {job.hasErrorReport && (
      <Text mt="lg">
        <Link href={`/admin/imports/${job.id}/errors.xlsx`}>Download the rejected rows with their errors (.xlsx)</Link>
      </Text>
    )}
    {job.status === 'PREVIEWED' && (
      <Button mt="lg" variant="primary" onClick={onCommit} data-testid="commit-import">
        Commit import
      </Button>
    )}
  </Box>
);

export default ImportsPage;
