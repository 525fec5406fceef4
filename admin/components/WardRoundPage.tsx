// The nurses' medication round on a ward: every dose of the ward's patients
// from twelve hours back to six ahead, overdue ones marked red, each recorded
// as given, held or refused (a reason for the last two); each ward shows how
// many doses are overdue. Served by admin/clinical.ts (clinical/mar.ts).
import React, { useCallback, useEffect, useState } from 'react';
import { Box, H2, Text } from '@adminjs/design-system';
import { getJson, postJson, timeText, words } from './clinical/api.js';

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

const cell: React.CSSProperties = { padding: '6px 8px', borderBottom: '1px solid #e6e9f0', textAlign: 'left' };

const WardRoundPage: React.FC = () => {
  const [wards, setWards] = useState<Ward[]>([]);
  const [wardId, setWardId] = useState<number | null>(null);
  const [doses, setDoses] = useState<Dose[]>([]);
  const [mayRecord, setMayRecord] = useState(false);
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
    getJson<{ doses: Dose[]; may: { record: boolean } }>(`/admin/clinical/wards/${wardId}/medication-round`)
      .then((a) => {
        setDoses(a.doses);
        setMayRecord(a.may.record);
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

  return (
    <Box variant="container" p="xl" data-testid="ward-round">
      <H2>Medication round</H2>
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
      <table style={{ width: '100%', borderCollapse: 'collapse', marginTop: 16 }}>
        <thead>
          <tr>
            {['Due', 'Bed', 'Patient', 'Drug', 'Status', ''].map((h) => (
              <th key={h} style={cell}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {doses.map((dose) => (
            <tr key={dose.id} data-testid="dose-row" style={dose.overdue ? { background: '#fdecee' } : undefined}>
              <td style={cell}>
                {timeText(dose.scheduledAt)}
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
