// The job queue for administrators: how many jobs wait, run, retry or are dead,
// each job with its attempts and last error (a dead one retried or discarded
// here), the workers and when each was last heard from, and the last runs.
import React, { useCallback, useEffect, useState } from 'react';
import { Box, Button, H2, H4, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { istText } from '../../src/time.js';

type State = 'waiting' | 'scheduled' | 'running' | 'retrying' | 'dead';
const STATES: State[] = ['waiting', 'scheduled', 'running', 'retrying', 'dead'];
const STATE_LABEL: Record<State, string> = {
  waiting: 'Waiting',
  scheduled: 'Scheduled',
  running: 'Running',
  retrying: 'Retrying',
  dead: 'Dead (all attempts used)',
};

interface Job {
  id: string;
  task: string;
  key: string | null;
  state: State;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lastError: string | null;
}
interface Worker {
  id: string;
  host: string;
  pid: number;
  startedAt: string;
  lastSeenAt: string;
}
interface Run {
  id: number;
  task: string;
  jobId: string;
  attempt: number;
  outcome: 'SUCCEEDED' | 'FAILED';
  error: string | null;
  finishedAt: string;
}
interface Answer {
  jobs: Job[];
  counts: Record<State, number>;
  workers: Worker[];
  runs: Run[];
}

const when = (at: string) => istText(new Date(at));

async function answerOf(res: Response): Promise<Record<string, unknown>> {
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new Error(String((body.error as { message?: string } | undefined)?.message ?? `The server answered ${res.status}`));
  return body;
}

const JobsPage: React.FC = () => {
  const [state, setState] = useState<State | null>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const query = state ? `?state=${state}` : '';
      setAnswer((await answerOf(await fetch(`/admin/jobs${query}`, { credentials: 'same-origin' }))) as unknown as Answer);
    } catch (error) {
      setMessage((error as Error).message);
    }
  }, [state]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 5000);
    return () => clearInterval(timer);
  }, [load]);

  const act = async (job: Job, action: 'retry' | 'discard') => {
    try {
      const body = await answerOf(await fetch(`/admin/jobs/${job.id}/${action}`, { method: 'POST', credentials: 'same-origin' }));
      setMessage(String(body.message));
      await load();
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  return (
    <Box variant="white" m="xl" p="xl" data-testid="jobs-page">
      <H2>Background jobs</H2>
      <Text mb="lg">Imports, report exports, messages and the scheduled work run here as jobs. The page refreshes every 5 seconds.</Text>
      {message && (
        <Text mb="lg" role="status">
          {message}
        </Text>
      )}
      <Box flex flexDirection="row" mb="lg" style={{ gap: 8, flexWrap: 'wrap' }}>
        <Button size="sm" variant={state === null ? 'primary' : 'outlined'} onClick={() => setState(null)}>
          All
        </Button>
        {STATES.map((s) => (
          <Button key={s} size="sm" variant={state === s ? 'primary' : 'outlined'} onClick={() => setState(s)} data-testid={`state-${s}`}>
            {STATE_LABEL[s]}: {answer?.counts[s] ?? 0}
          </Button>
        ))}
      </Box>
      <Table data-testid="jobs">
        <TableHead>
          <TableRow>
            <TableCell>Job</TableCell>
            <TableCell>Task</TableCell>
            <TableCell>State</TableCell>
            <TableCell>Attempts</TableCell>
            <TableCell>Runs at (IST)</TableCell>
            <TableCell>Last error</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {answer?.jobs.length === 0 && (
            <TableRow>
              <TableCell colSpan={7}>No jobs {state ? `in the state "${STATE_LABEL[state]}"` : 'in the queue'}.</TableCell>
            </TableRow>
          )}
          {answer?.jobs.map((job) => (
            <TableRow key={job.id} data-testid={`job-${job.id}`}>
              <TableCell>{job.id}</TableCell>
              <TableCell>{job.task}</TableCell>
              <TableCell>{STATE_LABEL[job.state]}</TableCell>
              <TableCell>
                {job.attempts} of {job.maxAttempts}
              </TableCell>
              <TableCell>{when(job.runAt)}</TableCell>
              <TableCell style={{ maxWidth: 360, whiteSpace: 'normal' }}>{job.lastError ?? '—'}</TableCell>
              <TableCell>
                {job.state === 'dead' && (
                  <Box flex flexDirection="row" style={{ gap: 8 }}>
                    <Button size="sm" onClick={() => void act(job, 'retry')}>
                      Retry
                    </Button>
                    <Button size="sm" variant="danger" onClick={() => void act(job, 'discard')}>
                      Discard
                    </Button>
                  </Box>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>

      <H4 mt="xl">Workers</H4>
      <Table data-testid="workers">
        <TableHead>
          <TableRow>
            <TableCell>Worker</TableCell>
            <TableCell>Machine</TableCell>
            <TableCell>Started (IST)</TableCell>
            <TableCell>Last heard from (IST)</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {answer?.workers.length === 0 && (
            <TableRow>
              <TableCell colSpan={4}>No worker is running: jobs wait until one starts (npm run worker, or WORKERS=inline).</TableCell>
            </TableRow>
          )}
          {answer?.workers.map((w) => (
            <TableRow key={w.id}>
              <TableCell>{w.id}</TableCell>
              <TableCell>
                {w.host} (process {w.pid})
              </TableCell>
              <TableCell>{when(w.startedAt)}</TableCell>
              <TableCell>{when(w.lastSeenAt)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>

      <H4 mt="xl">Last runs</H4>
      <Table data-testid="runs">
        <TableHead>
          <TableRow>
            <TableCell>Finished (IST)</TableCell>
            <TableCell>Task</TableCell>
            <TableCell>Job</TableCell>
            <TableCell>Attempt</TableCell>
            <TableCell>Outcome</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {answer?.runs.map((run) => (
            <TableRow key={run.id}>
              <TableCell>{when(run.finishedAt)}</TableCell>
              <TableCell>{run.task}</TableCell>
              <TableCell>{run.jobId}</TableCell>
              <TableCell>{run.attempt}</TableCell>
              <TableCell>{run.outcome === 'SUCCEEDED' ? 'Done' : `Failed: ${run.error ?? ''}`}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};

export default JobsPage;
