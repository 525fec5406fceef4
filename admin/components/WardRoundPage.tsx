// The ward's page: its patients by bed — the doctor starts a ward round, a
// nurse writes a nursing note or takes vitals, the stay's record (vitals
// chart, doses, notes, rounds) one link away — and the medication round: every
// dose from twelve hours back to six ahead, overdue ones marked red, each
// recorded as given, held or refused (a reason for the last two); each ward
// shows how many doses are overdue. Served by admin/clinical.ts.
import React, { useCallback, useEffect, useState } from 'react';
import { Box, H2, Text } from '@adminjs/design-system';
import { cell, HeadRow } from './clinical/table.js';
import { ageText, encounterHref, getJson, postJson, timeText, whenText, words } from './clinical/api.js';

interface Ward {
  id: number;
  name: string;
  overdue: number;
}
interface Dose {
  id: number;
  scheduledAt: string;
  status: string;
  overdue: boolean;
  reason: string | null;
  recordedAt: string | null;
  recordedBy: { name: string } | null;
  item: { dose: string; route: string; frequency: string; drug: { name: string } };
  patient: { uhid: string; name: string };
  admission: { admissionNo: string; bed: { bedNumber: string } };
}

interface WardPatient {
  id: number;
  admissionNo: string;
  diagnosis: string | null;
  bed: { bedNumber: string };
  patient: {
    uhid: string;
    name: string;
    gender: string;
    dateOfBirth: string | null;
    allergies: Array<{ substance: string; severity: string }>;
  };
  doctor: { name: string };
}
interface May {
  record: boolean;
  round: boolean;
  note: boolean;
}
const QUICK_VITALS: Array<[string, string]> = [
  ['temperatureC', 'Temp °C'],
  ['pulse', 'Pulse'],
  ['systolic', 'BP sys'],
  ['diastolic', 'BP dia'],
  ['spo2', 'SpO₂'],
];

const WardRoundPage: React.FC = () => {
  const [wards, setWards] = useState<Ward[]>([]);
  const [wardId, setWardId] = useState<number | null>(null);
  const [doses, setDoses] = useState<Dose[]>([]);
  const [patients, setPatients] = useState<WardPatient[]>([]);
  const [may, setMay] = useState<May>({ record: false, round: false, note: false });
  const mayRecord = may.record;
  const [notes, setNotes] = useState<Record<number, string>>({});
  const [vitals, setVitals] = useState<Record<number, Record<string, string>>>({});
  const [reasons, setReasons] = useState<Record<number, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  const loadWards = useCallback(() => {
    getJson<{ wards: Ward[] }>('/admin/clinical/wards')
      .then((a) => {
        setWards(a.wards);
        setWardId((current) => current ?? a.wards[0]?.id ?? null);
      })
      .catch((e: Error) => setMessage(e.message));
  }, []);
  const loadDoses = useCallback(() => {
    if (wardId === null) return;
    getJson<{ doses: Dose[]; patients: WardPatient[]; may: May }>(`/admin/clinical/wards/${wardId}/medication-round`)
      .then((a) => {
        setDoses(a.doses);
        setPatients(a.patients);
        setMay(a.may);
      })
      .catch((e: Error) => setMessage(e.message));
  }, [wardId]);
  useEffect(loadWards, [loadWards]);
  useEffect(loadDoses, [loadDoses]);

  const record = async (dose: Dose, outcome: 'GIVEN' | 'HELD' | 'REFUSED') => {
    try {
      await postJson(`/admin/clinical/doses/${dose.id}`, { outcome, ...(reasons[dose.id] ? { reason: reasons[dose.id] } : {}) });
      setMessage(`${dose.item.drug.name} for ${dose.patient.name}: ${words(outcome)}`);
      loadDoses();
      loadWards();
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  /** A ward-side action on one patient: its words in the notice, or the refusal's. */
  const act = async (url: string, body: unknown, done: string, after?: () => void) => {
    try {
      await postJson(url, body);
      setMessage(done);
      after?.();
      loadDoses();
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  const startRound = async (admissionId: number) => {
    try {
      const round = await postJson<{ encounterId: number }>(`/admin/clinical/admissions/${admissionId}/rounds`);
      window.location.assign(encounterHref(round.encounterId));
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  return (
    <Box variant="container" p="xl" data-testid="ward-round">
      <H2>Ward and medication round</H2>
      <label>
        Ward{' '}
        <select aria-label="Ward" value={String(wardId ?? '')} onChange={(e) => setWardId(Number(e.target.value))}>
          {wards.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
              {w.overdue ? ` — ${w.overdue} overdue` : ''}
            </option>
          ))}
        </select>
      </label>
      {message ? (
        <Text mt="md" role="status">
          {message}
        </Text>
      ) : null}
      <h3 style={{ marginTop: 16 }}>Patients on the ward</h3>
      <table style={{ width: '100%', borderCollapse: 'collapse' }}>
        <HeadRow columns={['Bed', 'Patient', 'Consultant', '']} />
        <tbody>
          {patients.map((p) => (
            <tr key={p.id} data-testid="ward-patient">
              <td style={cell}>{p.bed.bedNumber}</td>
              <td style={cell}>
                {p.patient.name} · {p.patient.uhid} · {ageText(p.patient.dateOfBirth, p.patient.gender)}
                {p.diagnosis ? ` — ${p.diagnosis}` : ''}
                <div
                  style={{
                    color: p.patient.allergies.length ? '#c20012' : undefined,
                    fontWeight: p.patient.allergies.length ? 600 : undefined,
                  }}
                >
                  Allergies:{' '}
                  {p.patient.allergies.length
                    ? p.patient.allergies.map((a) => `${a.substance} (${a.severity.toLowerCase()})`).join(', ')
                    : 'none known'}
                </div>
              </td>
              <td style={cell}>{p.doctor.name}</td>
              <td style={cell}>
                <a href={`/admin/resources/Admission/records/${p.id}/show`}>Ward record</a>{' '}
                {may.round ? (
                  <button type="button" onClick={() => void startRound(p.id)}>
                    Ward round
                  </button>
                ) : null}
                {may.note ? (
                  <div style={{ marginTop: 6 }}>
                    <input
                      aria-label={`Nursing note for ${p.patient.name}`}
                      placeholder="Nursing note"
                      style={{ width: '60%' }}
                      value={notes[p.id] ?? ''}
                      onChange={(e) => setNotes({ ...notes, [p.id]: e.target.value })}
                    />{' '}
                    <button
                      type="button"
                      onClick={() =>
                        void act(
                          `/admin/clinical/admissions/${p.id}/nursing-notes`,
                          { text: notes[p.id] ?? '' },
                          `Note saved for ${p.patient.name}`,
                          () => setNotes({ ...notes, [p.id]: '' }),
                        )
                      }
                    >
                      Save note
                    </button>
                    <div style={{ marginTop: 4 }}>
                      {QUICK_VITALS.map(([name, text]) => (
                        <input
                          key={name}
                          aria-label={`${text} for ${p.patient.name}`}
                          placeholder={text}
                          style={{ width: 70, marginRight: 4 }}
                          value={vitals[p.id]?.[name] ?? ''}
                          onChange={(e) => setVitals({ ...vitals, [p.id]: { ...(vitals[p.id] ?? {}), [name]: e.target.value } })}
                        />
                      ))}
                      <button
                        type="button"
                        onClick={() =>
                          void act(
                            `/admin/clinical/admissions/${p.id}/vitals`,
                            Object.fromEntries(Object.entries(vitals[p.id] ?? {}).filter(([, v]) => v.trim() !== '')),
                            `Vitals saved for ${p.patient.name}`,
                            () => setVitals({ ...vitals, [p.id]: {} }),
                          )
                        }
                      >
                        Save vitals
                      </button>
                    </div>
                  </div>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {patients.length === 0 ? <Text mt="md">No patients on this ward.</Text> : null}
      <h3 style={{ marginTop: 24 }}>Medication round</h3>
      <table style={{ width: '100%', borderCollapse: 'collapse' }}>
        <HeadRow columns={['Due', 'Bed', 'Patient', 'Drug', 'Status', '']} />
        <tbody>
          {doses.map((dose) => (
            <tr key={dose.id} data-testid="dose-row" style={dose.overdue ? { background: '#fdecee' } : undefined}>
              <td style={cell}>
                {whenText(dose.scheduledAt)}
                {dose.overdue ? <strong style={{ color: '#c20012' }}> overdue</strong> : null}
              </td>
              <td style={cell}>{dose.admission.bed.bedNumber}</td>
              <td style={cell}>
                {dose.patient.name} · {dose.patient.uhid}
              </td>
              <td style={cell}>
                {dose.item.drug.name} {dose.item.dose} {dose.item.route} ({dose.item.frequency})
              </td>
              <td style={cell}>
                {words(dose.status)}
                {dose.recordedAt ? ` at ${timeText(dose.recordedAt)}` : ''}
                {dose.recordedBy ? ` by ${dose.recordedBy.name}` : ''}
                {dose.reason ? ` — ${dose.reason}` : ''}
              </td>
              <td style={cell}>
                {dose.status === 'SCHEDULED' && mayRecord ? (
                  <span>
                    <button type="button" onClick={() => void record(dose, 'GIVEN')}>
                      Given
                    </button>{' '}
                    <input
                      aria-label={`Reason for dose ${dose.id}`}
                      placeholder="Reason if held or refused"
                      value={reasons[dose.id] ?? ''}
                      onChange={(e) => setReasons({ ...reasons, [dose.id]: e.target.value })}
                    />{' '}
                    <button type="button" onClick={() => void record(dose, 'HELD')}>
                      Held
                    </button>{' '}
                    <button type="button" onClick={() => void record(dose, 'REFUSED')}>
                      Refused
                    </button>
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {doses.length === 0 ? <Text mt="lg">No doses due on this ward in the next six hours.</Text> : null}
    </Box>
  );
};

export default WardRoundPage;
