// Reports: pick a report, its date range and filters; see the totals, a chart
// (SVG drawn here, no chart library) and the table; download the whole report
// as Excel — streamed at once, or, for a report too big to wait for, made by a
// background worker and downloaded when it is ready (from any instance).
// The data comes from /admin/reports (admin/reports.ts).
import React, { useEffect, useMemo, useState } from 'react';
import { Box, Button, H2, H4, Input, Label, Link, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';

type ListName = 'doctors' | 'departments' | 'wards';
interface FilterField {
  name: string;
  label: string;
  kind: 'date' | 'select' | 'number';
  options?: ListName | { value: string; label: string }[];
  required?: boolean;
}
interface Chart {
  kind: 'bar' | 'line';
  from: 'rows' | 'totals';
  values: string[];
}
interface ReportInfo {
  name: string;
  title: string;
  description: string;
  filterFields: FilterField[];
  chart: Chart;
}
interface Catalogue {
  today: string;
  reports: ReportInfo[];
  lists: Record<ListName, { id: number; name: string }[]>;
}
interface Column {
  key: string;
  label: string;
  type: 'text' | 'int' | 'money' | 'percent' | 'decimal';
}
type Row = Record<string, string | number | null>;
interface Result {
  title: string;
  columns: Column[];
  rows: Row[];
  totals: Row;
  truncated: boolean;
  chart: Chart;
}

/** A workbook a worker is making (POST /admin/reports/:name/exports), as its status route tells it. */
interface BackgroundExport {
  id: number;
  status: 'QUEUED' | 'RUNNING' | 'READY' | 'FAILED';
  rows: number | null;
  fileName: string;
  failureReason: string | null;
}
const EXPORT_POLL_MS = 2000;

const inr = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const whole = new Intl.NumberFormat('en-IN');
const COLOURS = ['#3040d6', '#e0861a', '#2b9348', '#c9184a'];
const CHART_ROWS = 31;

function show(column: Column, value: string | number | null): string {
  if (value === null || value === undefined) return '–';
  if (column.type === 'money') return `₹ ${inr.format(Number(value))}`;
  if (column.type === 'int') return whole.format(Number(value));
  if (column.type === 'percent') return `${value}%`;
  return String(value);
}

async function answerOf<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
  if (!res.ok) throw new Error(body.error?.message ?? `The server answered ${res.status}`);
  return body as T;
}

function firstOfMonth(today: string): string {
  return `${today.slice(0, 8)}01`;
}

const ChartView: React.FC<{ result: Result }> = ({ result }) => {
  const { chart, columns } = result;
  const valueColumns = chart.values.map((key) => columns.find((c) => c.key === key)).filter((c): c is Column => Boolean(c));
  const labelColumn = columns[0];
  // From the totals: one bar per value column; from the rows: one group of bars (or a point) per row.
  const groups =
    chart.from === 'totals'
      ? valueColumns.map((c) => ({ label: c.label, values: [Number(result.totals[c.key] ?? 0)] }))
      : result.rows
          .slice(0, CHART_ROWS)
          .map((row) => ({ label: String(row[labelColumn?.key ?? ''] ?? '–'), values: valueColumns.map((c) => Number(row[c.key] ?? 0)) }));
  if (groups.length === 0) return null;
  const series = chart.from === 'totals' ? 1 : valueColumns.length;
  const width = 900;
  const height = 260;
  const left = 70;
  const bottom = 70;
  const top = 10;
  const max = Math.max(1, ...groups.flatMap((g) => g.values));
  const slot = (width - left) / groups.length;
  const y = (v: number) => top + (height - top - bottom) * (1 - Math.max(0, v) / max);
  const barWidth = Math.max(2, (slot * 0.8) / series);
  return (
    <Box mt="lg" data-testid="report-chart">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={`${result.title} chart`}>
        <line x1={left} y1={y(0)} x2={width} y2={y(0)} stroke="#888" />
        <text x={left - 6} y={y(max) + 4} fontSize="11" textAnchor="end">
          {whole.format(Math.round(max))}
        </text>
        <text x={left - 6} y={y(0) + 4} fontSize="11" textAnchor="end">
          0
        </text>
        {chart.kind === 'line' && chart.from === 'rows'
          ? valueColumns.map((c, s) => (
              <polyline
                key={c.key}
                fill="none"
                stroke={COLOURS[s % COLOURS.length]}
                strokeWidth={2}
                points={groups.map((g, i) => `${left + slot * (i + 0.5)},${y(g.values[s] ?? 0)}`).join(' ')}
              />
            ))
          : groups.map((g, i) =>
              g.values.map((v, s) => (
                <rect
                  key={`${i}-${s}`}
                  x={left + slot * i + slot * 0.1 + barWidth * s}
                  y={y(v)}
                  width={barWidth}
                  height={Math.max(0, y(0) - y(v))}
                  fill={COLOURS[(chart.from === 'totals' ? i : s) % COLOURS.length]}
                >
                  <title>{`${g.label}: ${v}`}</title>
                </rect>
              )),
            )}
        {groups.map((g, i) => (
          <text
            key={`label-${i}`}
            fontSize="10"
            textAnchor="end"
            transform={`translate(${left + slot * (i + 0.5)},${height - bottom + 12}) rotate(-35)`}
          >
            {g.label.length > 18 ? `${g.label.slice(0, 17)}…` : g.label}
          </text>
        ))}
      </svg>
      {chart.from === 'rows' ? (
        <Box flex flexDirection="row">
          {valueColumns.map((c, s) => (
            <Text key={c.key} mr="lg" variant="sm">
              <span style={{ color: COLOURS[s % COLOURS.length] }}>■</span> {c.label}
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
};

const ReportsPage: React.FC = () => {
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [name, setName] = useState('');
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [background, setBackground] = useState<BackgroundExport | null>(null);

  useEffect(() => {
    fetch('/admin/reports/catalogue', { credentials: 'same-origin' })
      .then((res) => answerOf<Catalogue>(res))
      .then((data) => {
        setCatalogue(data);
        setName(data.reports[0]?.name ?? '');
        setFilters({ from: firstOfMonth(data.today), to: data.today });
      })
      .catch((e: Error) => setError(e.message));
  }, []);

  const report = catalogue?.reports.find((r) => r.name === name);
  const query = useMemo(() => {
    const params = new URLSearchParams();
    for (const field of report?.filterFields ?? []) {
      const value = filters[field.name];
      if (value) params.set(field.name, value);
    }
    return params.toString();
  }, [report, filters]);

  const run = async () => {
    if (!report) return;
    setLoading(true);
    setError(null);
    try {
      setResult(await answerOf<Result>(await fetch(`/admin/reports/${report.name}/data?${query}`, { credentials: 'same-origin' })));
    } catch (e) {
      setResult(null);
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  };

  // While a worker makes the workbook, ask how it is getting on until it is ready or has failed.
  useEffect(() => {
    if (!background || background.status === 'READY' || background.status === 'FAILED') return undefined;
    const timer = setTimeout(() => {
      fetch(`/admin/reports/exports/${background.id}`, { credentials: 'same-origin' })
        .then((res) => answerOf<BackgroundExport>(res))
        .then(setBackground)
        .catch((e: Error) => setError(e.message));
    }, EXPORT_POLL_MS);
    return () => clearTimeout(timer);
  }, [background]);

  const exportInBackground = async () => {
    if (!report) return;
    setError(null);
    try {
      const made = await answerOf<{ exportId: number; status: BackgroundExport['status'] }>(
        await fetch(`/admin/reports/${report.name}/exports?${query}`, { method: 'POST', credentials: 'same-origin' }),
      );
      setBackground({ id: made.exportId, status: made.status, rows: null, fileName: '', failureReason: null });
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (!catalogue) return <Box p="xl">{error ? <Text>{error}</Text> : <Text>Loading reports…</Text>}</Box>;

  const optionsOf = (field: FilterField) =>
    typeof field.options === 'string'
      ? [{ value: '', label: 'All' }, ...catalogue.lists[field.options].map((o) => ({ value: String(o.id), label: o.name }))]
      : (field.options ?? []);

  return (
    <Box p="xl">
      <H2>Reports</H2>
      <Box variant="card" p="lg" mb="lg">
        <Box flex flexDirection="row" flexWrap="wrap" alignItems="flex-end">
          <Box mr="lg" mb="md">
            <Label htmlFor="report-name">Report</Label>
            <select
              id="report-name"
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                // Choices of one report (group by, doctor …) mean nothing to the next; the dates carry over.
                setFilters({ from: filters.from ?? '', to: filters.to ?? '' });
                setResult(null);
              }}
              style={{ padding: 8, minWidth: 240 }}
            >
              {catalogue.reports.map((r) => (
                <option key={r.name} value={r.name}>
                  {r.title}
                </option>
              ))}
            </select>
          </Box>
          {report?.filterFields.map((field) => (
            <Box key={field.name} mr="lg" mb="md">
              <Label htmlFor={`filter-${field.name}`}>{field.label}</Label>
              {field.kind === 'select' ? (
                <select
                  id={`filter-${field.name}`}
                  value={filters[field.name] ?? ''}
                  onChange={(e) => setFilters({ ...filters, [field.name]: e.target.value })}
                  style={{ padding: 8 }}
                >
                  {optionsOf(field).map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              ) : (
                <Input
                  id={`filter-${field.name}`}
                  type={field.kind}
                  value={filters[field.name] ?? ''}
                  onChange={(e: React.ChangeEvent<HTMLInputElement>) => setFilters({ ...filters, [field.name]: e.target.value })}
                />
              )}
            </Box>
          ))}
          <Box mb="md">
            <Button variant="contained" onClick={run} disabled={loading || !report} data-testid="run-report">
              {loading ? 'Running…' : 'Show report'}
            </Button>
          </Box>
          <Box mb="md" ml="md">
            <Button
              variant="outlined"
              onClick={exportInBackground}
              disabled={!report || (background !== null && (background.status === 'QUEUED' || background.status === 'RUNNING'))}
              data-testid="export-in-background"
            >
              Prepare Excel in the background
            </Button>
          </Box>
        </Box>
        {report ? <Text variant="sm">{report.description}</Text> : null}
      </Box>

      {background ? (
        <Box variant="card" p="lg" mb="lg" data-testid="background-export">
          {background.status === 'READY' ? (
            <Text>
              Your Excel file is ready ({whole.format(background.rows ?? 0)} rows):{' '}
              <Link href={`/admin/reports/exports/${background.id}/download`} data-testid="download-background-export">
                download {background.fileName}
              </Link>
            </Text>
          ) : background.status === 'FAILED' ? (
            <Text color="error">{background.failureReason ?? 'The export failed.'}</Text>
          ) : (
            <Text>
              {background.status === 'QUEUED' ? 'Waiting for a worker to make your Excel file…' : 'Making your Excel file…'} The link
              appears here when it is ready.
            </Text>
          )}
        </Box>
      ) : null}

      {error ? (
        <Box variant="card" p="lg" mb="lg" data-testid="report-error">
          <Text color="error">{error}</Text>
        </Box>
      ) : null}

      {result && report ? (
        <Box variant="card" p="lg" data-testid="report-result">
          <Box flex flexDirection="row" justifyContent="space-between" alignItems="center">
            <H4>{result.title}</H4>
            <Link href={`/admin/reports/${report.name}/export.xlsx?${query}`} data-testid="download-excel">
              Download Excel
            </Link>
          </Box>
          <ChartView result={result} />
          {result.truncated ? (
            <Text mt="md" variant="sm">
              The first {result.rows.length} rows are shown; the totals and the Excel file cover all of them.
            </Text>
          ) : null}
          <Box mt="lg" style={{ overflowX: 'auto' }}>
            <Table data-testid="report-table">
              <TableHead>
                <TableRow>
                  {result.columns.map((c) => (
                    <TableCell key={c.key}>{c.label}</TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {result.rows.map((row, i) => (
                  <TableRow key={i}>
                    {result.columns.map((c) => (
                      <TableCell key={c.key} style={c.type === 'text' ? undefined : { textAlign: 'right' }}>
                        {show(c, row[c.key] ?? null)}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
                <TableRow data-testid="report-totals">
                  {result.columns.map((c) => (
                    <TableCell key={c.key} style={{ fontWeight: 700, textAlign: c.type === 'text' ? 'left' : 'right' }}>
                      {result.totals[c.key] === null ? '' : show(c, result.totals[c.key] ?? null)}
                    </TableCell>
                  ))}
                </TableRow>
              </TableBody>
            </Table>
          </Box>
          {result.rows.length === 0 ? <Text mt="md">Nothing in this range.</Text> : null}
        </Box>
      ) : null}
    </Box>
  );
};

export default ReportsPage;
