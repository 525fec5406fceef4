// The consultation on one page: the patient and their allergies and chronic
// conditions on top, then vitals, complaints and notes, the ICD-10 diagnosis
// search as the doctor types, prescription rows entered from the keyboard
// (Enter adds the next drug), tests, advice and follow-up, finish and print.
// Everything is read from and written to admin/clinical.ts; a refusal shows
// under the field it names.
import React, { useCallback, useEffect, useRef, useState } from 'react';
import { Box, H2, H4, Text } from '@adminjs/design-system';
import { ageText, dayText, getJson, postJson, type Refusal, timeText, words, type FieldProblem } from './clinical/api.js';

type Row = Record<string, unknown>;
interface Drug {
  id: number;
  code: string;
  name: string;
  genericName: string | null;
  strength: string | null;
}
interface View {
  encounter: Row & {
    id: number;
    status: string;
    kind: string;
    patient: { id: number; uhid: string; name: string; gender: string; dateOfBirth: string | null };
    doctor: { name: string };
    appointment: { tokenNo: number | null; slotStart: string } | null;
    followUp: { id: number; slotStart: string } | null;
    vitals: Array<Row & { id: number; recordedAt: string; flags: string[]; recordedBy: { name: string } | null }>;
    diagnoses: Array<{ id: number; icd10Code: string | null; text: string | null; certainty: string; icd10: { title: string } | null }>;
    prescriptions: Array<{ id: number; items: Array<Row & { id: number; drug: Drug; status: string }> }>;
  };
  allergies: Array<{ id: number; substance: string; reaction: string | null; severity: string }>;
  conditions: Array<{ id: number; text: string }>;
  labOrders: Array<{
    id: number;
    orderNo: string;
    status: string;
    labTest: { name: string };
    results: Array<{ parameter: string; value: string; unit: string | null; isAbnormal: boolean }>;
  }>;
  history: Array<{
    id: number;
    startedAt: string;
    doctor: { name: string };
    diagnoses: Array<{ text: string | null; icd10: { title: string } | null }>;
  }>;
  may: { write: boolean; vitals: boolean };
}
interface RxRow {
  key: number;
  drug: Drug | null;
  query: string;
  dose: string;
  frequency: string;
  route: string;
  duration: string;
  foodTiming: string;
  instructions: string;
  overrideReason: string;
}

const VITALS: Array<[string, string]> = [
  ['systolic', 'BP systolic (mmHg)'],
  ['diastolic', 'BP diastolic (mmHg)'],
  ['pulse', 'Pulse (/min)'],
  ['temperatureC', 'Temperature (°C)'],
  ['spo2', 'SpO₂ (%)'],
  ['respiratoryRate', 'Respiratory rate (/min)'],
  ['weightKg', 'Weight (kg)'],
  ['heightCm', 'Height (cm)'],
];
const NOTES: Array<[string, string]> = [
  ['chiefComplaints', 'Chief complaints'],
  ['history', 'History'],
  ['examination', 'Examination'],
  ['advice', 'Advice'],
];
const FOOD = [
  ['AFTER_FOOD', 'After food'],
  ['BEFORE_FOOD', 'Before food'],
  ['WITH_FOOD', 'With food'],
  ['EMPTY_STOMACH', 'Empty stomach'],
  ['ANY_TIME', 'Any time'],
];
const card: React.CSSProperties = { background: '#fff', border: '1px solid #e6e9f0', borderRadius: 6, padding: 16, marginBottom: 16 };
const label: React.CSSProperties = { display: 'block', fontSize: 12, color: '#454655', marginBottom: 2 };
const input: React.CSSProperties = {
  padding: '6px 8px',
  border: '1px solid #c0c0ca',
  borderRadius: 4,
  width: '100%',
  boxSizing: 'border-box',
};
const problem: React.CSSProperties = { color: '#c20012', fontSize: 12 };

/** E119 as the doctor reads it: E11.9. */
const dotted = (code: string) => (code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code);

let rowKey = 0;
const emptyRow = (): RxRow => ({
  key: ++rowKey,
  drug: null,
  query: '',
  dose: '1 tablet',
  frequency: '',
  route: 'Oral',
  duration: '',
  foodTiming: 'AFTER_FOOD',
  instructions: '',
  overrideReason: '',
});

function encounterId(): number {
  return Number(new URLSearchParams(window.location.search).get('id'));
}

const Field: React.FC<{ id: string; text: string; problems: FieldProblem[]; children: React.ReactElement }> = ({
  id,
  text,
  problems,
  children,
}) => (
  <div style={{ marginBottom: 8 }}>
    <label htmlFor={id} style={label}>
      {text}
    </label>
    {children}
    {problems
      .filter((p) => p.path === id || p.path.endsWith(`.${id}`))
      .map((p) => (
        <div key={p.path} style={problem} role="alert">
          {p.message}
        </div>
      ))}
  </div>
);

const DrugSearch: React.FC<{ row: RxRow; index: number; onChoose: (drug: Drug) => void; onType: (query: string) => void }> = ({
  row,
  index,
  onChoose,
  onType,
}) => {
  const [matches, setMatches] = useState<Drug[]>([]);
  useEffect(() => {
    if (row.drug || row.query.trim().length < 2) return setMatches([]);
    const timer = setTimeout(() => {
      getJson<{ drugs: Drug[] }>(`/admin/clinical/drugs?q=${encodeURIComponent(row.query)}`)
        .then((a) => setMatches(a.drugs))
        .catch(() => setMatches([]));
    }, 150);
    return () => clearTimeout(timer);
  }, [row.query, row.drug]);
  return (
    <div style={{ position: 'relative' }}>
      <input
        id={`rx-${index}-drug`}
        aria-label={`Drug ${index + 1}`}
        style={input}
        placeholder="Generic or brand name"
        value={row.drug ? row.drug.name : row.query}
        onChange={(e) => onType(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && matches[0]) {
            e.preventDefault();
            onChoose(matches[0]);
          }
        }}
      />
      {matches.length > 0 ? (
        <ul
          role="listbox"
          style={{
            position: 'absolute',
            zIndex: 5,
            background: '#fff',
            border: '1px solid #c0c0ca',
            listStyle: 'none',
            margin: 0,
            padding: 0,
            width: '100%',
          }}
        >
          {matches.map((drug) => (
            <li key={drug.id} role="option" aria-selected={false}>
              <button
                type="button"
                style={{ width: '100%', textAlign: 'left', padding: 6, border: 0, background: 'none' }}
                onClick={() => onChoose(drug)}
              >
                {drug.name}
                {drug.genericName ? ` (${drug.genericName})` : ''} {drug.strength ?? ''}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
};

const EncounterPage: React.FC = () => {
  const id = encounterId();
  const [view, setView] = useState<View | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [problems, setProblems] = useState<Record<string, FieldProblem[]>>({});
  const [vitals, setVitals] = useState<Record<string, string>>({});
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [dxQuery, setDxQuery] = useState('');
  const [dxMatches, setDxMatches] = useState<Array<{ code: string; shown: string; title: string }>>([]);
  const [certainty, setCertainty] = useState('PROVISIONAL');
  const [dxText, setDxText] = useState('');
  const [rows, setRows] = useState<RxRow[]>([emptyRow()]);
  const [tests, setTests] = useState<Array<{ id: number; name: string }>>([]);
  const [chosenTests, setChosenTests] = useState<number[]>([]);
  const [followUp, setFollowUp] = useState('');
  const lastField = useRef<HTMLInputElement | null>(null);

  const load = useCallback(() => {
    getJson<View>(`/admin/clinical/encounters/${id}`)
      .then((v) => {
        setView(v);
        setNotes(Object.fromEntries(NOTES.map(([name]) => [name, String(v.encounter[name] ?? '')])));
      })
      .catch((e: Error) => setError(e.message));
  }, [id]);
  useEffect(load, [load]);
  useEffect(() => {
    getJson<{ tests: Array<{ id: number; name: string }> }>('/admin/clinical/lab-tests')
      .then((a) => setTests(a.tests))
      .catch(() => setTests([]));
  }, []);
  useEffect(() => {
    if (dxQuery.trim().length < 2) return setDxMatches([]);
    const timer = setTimeout(() => {
      getJson<{ matches: Array<{ code: string; shown: string; title: string }> }>(`/admin/clinical/icd10?q=${encodeURIComponent(dxQuery)}`)
        .then((a) => setDxMatches(a.matches))
        .catch(() => setDxMatches([]));
    }, 150);
    return () => clearTimeout(timer);
  }, [dxQuery]);

  /** Sends one part of the consultation; the refusal's fields go under their inputs. */
  const send = async (part: string, path: string, body: unknown, done: string) => {
    setNotice(null);
    setProblems((p) => ({ ...p, [part]: [] }));
    try {
      await postJson(`/admin/clinical/encounters/${id}/${path}`, body);
      setNotice(done);
      load();
      return true;
    } catch (e) {
      const refusal = e as Refusal;
      setProblems((p) => ({ ...p, [part]: refusal.details?.length ? refusal.details : [{ path: part, message: refusal.message }] }));
      return false;
    }
  };

  if (error)
    return (
      <Text p="xl" role="alert">
        {error}
      </Text>
    );
  if (!view) return <Text p="xl">Loading…</Text>;
  const { encounter } = view;
  const open = encounter.status === 'OPEN';
  const writes = view.may.write && open;
  const setRow = (index: number, change: Partial<RxRow>) => setRows((all) => all.map((r, i) => (i === index ? { ...r, ...change } : r)));
  const rxProblems = problems.rx ?? [];
  const warned = (index: number) => rxProblems.some((p) => p.path === `items.${index}.overrideReason`);

  const prescribeRows = async () => {
    const items = rows
      .filter((r) => r.drug)
      .map((r) => ({
        drugId: r.drug?.id,
        dose: r.dose,
        frequency: r.frequency,
        route: r.route,
        ...(r.duration ? { duration: r.duration } : {}),
        foodTiming: r.foodTiming,
        ...(r.instructions ? { instructions: r.instructions } : {}),
        ...(r.overrideReason ? { overrideReason: r.overrideReason } : {}),
      }));
    if (await send('rx', 'prescriptions', { items }, 'Prescription saved')) setRows([emptyRow()]);
  };

  return (
    <Box variant="container" p="xl" data-testid="encounter-page">
      <H2>
        {encounter.patient.name} · {encounter.patient.uhid} · {ageText(encounter.patient.dateOfBirth, encounter.patient.gender)}
      </H2>
      <Text mb="lg">
        {encounter.kind === 'IPD_ROUND' ? 'Ward round' : 'OPD consultation'} with {encounter.doctor.name}
        {encounter.appointment?.tokenNo ? ` · token ${encounter.appointment.tokenNo}` : ''} · {words(encounter.status)}
      </Text>
      <div style={{ ...card, borderColor: view.allergies.length ? '#c20012' : '#e6e9f0' }} data-testid="standing-facts">
        <strong>Allergies: </strong>
        {view.allergies.length
          ? view.allergies.map((a) => `${a.substance}${a.reaction ? ` (${a.reaction})` : ''}, ${a.severity.toLowerCase()}`).join('; ')
          : 'none known'}
        <br />
        <strong>Chronic conditions: </strong>
        {view.conditions.length ? view.conditions.map((c) => c.text).join('; ') : 'none recorded'}
      </div>
      {notice ? (
        <div role="status" style={{ ...card, background: '#e8f6ee' }}>
          {notice}
        </div>
      ) : null}

      <section style={card} aria-labelledby="vitals-heading">
        <H4 id="vitals-heading">Vitals</H4>
        {view.may.vitals && open ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const body = Object.fromEntries(Object.entries(vitals).filter(([, v]) => v.trim() !== ''));
              void send('vitals', 'vitals', body, 'Vitals saved').then((ok) => ok && setVitals({}));
            }}
          >
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(4, 1fr)', gap: 8 }}>
              {VITALS.map(([name, text]) => (
                <Field key={name} id={name} text={text} problems={problems.vitals ?? []}>
                  <input
                    id={name}
                    style={input}
                    inputMode="decimal"
                    value={vitals[name] ?? ''}
                    onChange={(e) => setVitals({ ...vitals, [name]: e.target.value })}
                  />
                </Field>
              ))}
            </div>
            {(problems.vitals ?? [])
              .filter((p) => p.path === 'vitals')
              .map((p) => (
                <div key="v" style={problem} role="alert">
                  {p.message}
                </div>
              ))}
            <button type="submit">Save vitals</button>
          </form>
        ) : null}
        {encounter.vitals.map((v) => (
          <div key={v.id} data-testid="vitals-row">
            {timeText(v.recordedAt)}: BP {String(v.systolic ?? '—')}/{String(v.diastolic ?? '—')}, pulse {String(v.pulse ?? '—')}, temp{' '}
            {String(v.temperatureC ?? '—')}, SpO₂ {String(v.spo2 ?? '—')}
            {v.bmi ? `, BMI ${String(v.bmi)}` : ''}
            {v.flags.length ? <strong style={{ color: '#c20012' }}> — {v.flags.join(', ')}</strong> : null}
            {v.recordedBy ? ` (${v.recordedBy.name})` : ''}
          </div>
        ))}
      </section>

      <section style={card} aria-labelledby="notes-heading">
        <H4 id="notes-heading">Complaints and notes</H4>
        {NOTES.map(([name, text]) => (
          <Field key={name} id={name} text={text} problems={problems.notes ?? []}>
            <textarea
              id={name}
              style={{ ...input, minHeight: 48 }}
              readOnly={!writes}
              value={notes[name] ?? ''}
              onChange={(e) => setNotes({ ...notes, [name]: e.target.value })}
            />
          </Field>
        ))}
        {writes ? (
          <button type="button" onClick={() => void send('notes', 'notes', notes, 'Notes saved')}>
            Save notes
          </button>
        ) : null}
      </section>

      <section style={card} aria-labelledby="dx-heading">
        <H4 id="dx-heading">Diagnosis</H4>
        <ol>
          {encounter.diagnoses.map((d) => (
            <li key={d.id} data-testid="diagnosis">
              {d.icd10Code ? `${dotted(d.icd10Code)} ${d.icd10?.title ?? ''}` : ''} {d.text ?? ''} ({words(d.certainty)})
            </li>
          ))}
        </ol>
        {writes ? (
          <div>
            <div style={{ display: 'grid', gridTemplateColumns: '3fr 1fr', gap: 8 }}>
              <Field id="code" text="Search ICD-10 by words or code" problems={problems.dx ?? []}>
                <input
                  id="code"
                  style={input}
                  value={dxQuery}
                  placeholder="e.g. diab, E11.9"
                  onChange={(e) => setDxQuery(e.target.value)}
                />
              </Field>
              <Field id="certainty" text="Provisional or final" problems={[]}>
                <select id="certainty" style={input} value={certainty} onChange={(e) => setCertainty(e.target.value)}>
                  <option value="PROVISIONAL">Provisional</option>
                  <option value="FINAL">Final</option>
                </select>
              </Field>
            </div>
            <Field id="dx-text" text="Free text beside the code (optional)" problems={[]}>
              <input id="dx-text" style={input} value={dxText} onChange={(e) => setDxText(e.target.value)} />
            </Field>
            <ul role="listbox" aria-label="ICD-10 matches" style={{ listStyle: 'none', padding: 0, maxHeight: 220, overflowY: 'auto' }}>
              {dxMatches.map((m) => (
                <li key={m.code} role="option" aria-selected={false}>
                  <button
                    type="button"
                    style={{ border: 0, background: 'none', textAlign: 'left', padding: 4 }}
                    onClick={() =>
                      void send(
                        'dx',
                        'diagnoses',
                        { code: m.code, certainty, ...(dxText ? { text: dxText } : {}) },
                        `Diagnosis added: ${m.shown} ${m.title}`,
                      ).then((ok) => {
                        if (ok) {
                          setDxQuery('');
                          setDxText('');
                        }
                      })
                    }
                  >
                    <strong>{m.shown}</strong> {m.title}
                  </button>
                </li>
              ))}
            </ul>
            {dxText && !dxQuery ? (
              <button
                type="button"
                onClick={() =>
                  void send('dx', 'diagnoses', { text: dxText, certainty }, 'Diagnosis added').then((ok) => ok && setDxText(''))
                }
              >
                Add as written
              </button>
            ) : null}
          </div>
        ) : null}
      </section>

      <section style={card} aria-labelledby="rx-heading">
        <H4 id="rx-heading">Prescription</H4>
        {encounter.prescriptions.map((rx) => (
          <div key={rx.id} data-testid="prescription" style={{ marginBottom: 8 }}>
            {rx.items.map((item) => (
              <div key={item.id}>
                {item.drug.name} — {String(item.dose)} {String(item.frequency)}{' '}
                {item.durationDays ? `× ${String(item.durationDays)} days` : ''} · qty {String(item.quantity)}
                {item.status === 'STOPPED' ? ' (stopped)' : ''}
              </div>
            ))}
            <a href={`/admin/prescriptions/${rx.id}/pdf`} target="_blank" rel="noopener noreferrer">
              Print prescription
            </a>
          </div>
        ))}
        {writes ? (
          <div>
            {rows.map((row, index) => (
              <div
                key={row.key}
                data-testid="rx-row"
                style={{ display: 'grid', gridTemplateColumns: '3fr 1.2fr 1fr 0.9fr 1fr 1.3fr 2fr', gap: 6, marginBottom: 6 }}
              >
                <DrugSearch
                  row={row}
                  index={index}
                  onType={(query) => setRow(index, { query, drug: null })}
                  onChoose={(drug) => setRow(index, { drug, query: drug.name })}
                />
                <input
                  aria-label={`Dose ${index + 1}`}
                  style={input}
                  value={row.dose}
                  onChange={(e) => setRow(index, { dose: e.target.value })}
                />
                <input
                  aria-label={`Frequency ${index + 1}`}
                  style={input}
                  placeholder="1-0-1"
                  value={row.frequency}
                  onChange={(e) => setRow(index, { frequency: e.target.value })}
                />
                <input
                  aria-label={`Route ${index + 1}`}
                  style={input}
                  list="routes"
                  value={row.route}
                  onChange={(e) => setRow(index, { route: e.target.value })}
                />
                <input
                  aria-label={`Duration ${index + 1}`}
                  style={input}
                  placeholder="5 days"
                  value={row.duration}
                  onChange={(e) => setRow(index, { duration: e.target.value })}
                />
                <select
                  aria-label={`Food timing ${index + 1}`}
                  style={input}
                  value={row.foodTiming}
                  onChange={(e) => setRow(index, { foodTiming: e.target.value })}
                >
                  {FOOD.map(([value, text]) => (
                    <option key={value} value={value}>
                      {text}
                    </option>
                  ))}
                </select>
                <input
                  aria-label={`Instructions ${index + 1}`}
                  style={input}
                  ref={index === rows.length - 1 ? lastField : undefined}
                  value={row.instructions}
                  onChange={(e) => setRow(index, { instructions: e.target.value })}
                  onKeyDown={(e) => {
                    // Enter on the last field starts the next drug, as a prescription pad does.
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      setRows((all) => [...all, emptyRow()]);
                    }
                  }}
                />
                {rxProblems
                  .filter((p) => p.path.startsWith(`items.${index}.`))
                  .map((p) => (
                    <div key={p.path} style={{ ...problem, gridColumn: '1 / -1' }} role="alert">
                      {p.message}
                    </div>
                  ))}
                {warned(index) ? (
                  <input
                    aria-label={`Reason to prescribe ${index + 1} anyway`}
                    style={{ ...input, gridColumn: '1 / -1', borderColor: '#c20012' }}
                    placeholder="Why prescribe it anyway"
                    value={row.overrideReason}
                    onChange={(e) => setRow(index, { overrideReason: e.target.value })}
                  />
                ) : null}
              </div>
            ))}
            {rxProblems
              .filter((p) => !p.path.startsWith('items.'))
              .map((p) => (
                <div key={p.path} style={problem} role="alert">
                  {p.message}
                </div>
              ))}
            <datalist id="routes">
              {['Oral', 'IV', 'IM', 'SC', 'Topical', 'Inhaled', 'Sublingual', 'Eye drops', 'Ear drops', 'Nasal', 'Rectal'].map((r) => (
                <option key={r} value={r} />
              ))}
            </datalist>
            <button type="button" onClick={() => setRows([...rows, emptyRow()])}>
              Add drug
            </button>{' '}
            <button type="button" onClick={() => void prescribeRows()}>
              Save prescription
            </button>
          </div>
        ) : null}
      </section>

      <section style={card} aria-labelledby="tests-heading">
        <H4 id="tests-heading">Tests</H4>
        {view.labOrders.map((order) => (
          <div key={order.id} data-testid="lab-order">
            {order.labTest.name} ({order.orderNo}) — {words(order.status)}
            {order.results.map((r) => (
              <span key={r.parameter} style={r.isAbnormal ? { color: '#c20012', fontWeight: 600 } : undefined}>
                {' '}
                · {r.parameter} {r.value} {r.unit ?? ''}
                {r.isAbnormal ? ' (abnormal)' : ''}
              </span>
            ))}
          </div>
        ))}
        {writes ? (
          <div>
            {tests.map((t) => (
              <label key={t.id} style={{ marginRight: 12 }}>
                <input
                  type="checkbox"
                  checked={chosenTests.includes(t.id)}
                  onChange={(e) => setChosenTests(e.target.checked ? [...chosenTests, t.id] : chosenTests.filter((c) => c !== t.id))}
                />{' '}
                {t.name}
              </label>
            ))}
            {(problems.tests ?? []).map((p) => (
              <div key={p.path} style={problem} role="alert">
                {p.message}
              </div>
            ))}
            <div>
              <button
                type="button"
                onClick={() =>
                  void send('tests', 'lab-orders', { labTestIds: chosenTests }, 'Tests ordered').then((ok) => ok && setChosenTests([]))
                }
              >
                Order tests
              </button>
            </div>
          </div>
        ) : null}
      </section>

      <section style={card} aria-labelledby="follow-heading">
        <H4 id="follow-heading">Follow-up</H4>
        {encounter.followUp ? (
          <Text>
            Booked for {dayText(encounter.followUp.slotStart)} at {timeText(encounter.followUp.slotStart)}
          </Text>
        ) : view.may.write ? (
          <div>
            <Field id="date" text="Follow-up on" problems={problems.followUp ?? []}>
              <input
                id="date"
                type="date"
                style={{ ...input, width: 200 }}
                value={followUp}
                onChange={(e) => setFollowUp(e.target.value)}
              />
            </Field>
            <button type="button" onClick={() => void send('followUp', 'follow-up', { date: followUp }, 'Follow-up booked')}>
              Book follow-up
            </button>
          </div>
        ) : (
          <Text>None booked</Text>
        )}
      </section>

      {writes ? (
        <div style={{ marginBottom: 16 }}>
          {(problems.finish ?? []).map((p) => (
            <div key={p.path} style={problem} role="alert">
              {p.message}
            </div>
          ))}
          <button type="button" onClick={() => void send('finish', 'finish', {}, 'Consultation finished')}>
            Finish consultation
          </button>
        </div>
      ) : null}

      <section style={card} aria-labelledby="history-heading">
        <H4 id="history-heading">Earlier visits</H4>
        {view.history.length === 0 ? <Text>None</Text> : null}
        {view.history.map((h) => (
          <div key={h.id}>
            {dayText(h.startedAt)} · {h.doctor.name}:{' '}
            {h.diagnoses.map((d) => d.text ?? d.icd10?.title ?? '').join('; ') || 'no diagnosis written'}
          </div>
        ))}
      </section>
    </Box>
  );
};

export default EncounterPage;
