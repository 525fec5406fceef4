// The doctor's landing page: "My patients today" — token, time, patient,
// whether the nurse has taken vitals, whose results wait or are back, and one
// button into the consultation. A nurse or administrator chooses the doctor.
import React, { useCallback, useEffect, useState } from 'react';
import { Box, H2, Text } from '@adminjs/design-system';
import { cell, HeadRow } from './clinical/table.js';
import { ageText, encounterHref, getJson, postJson, timeText, words } from './clinical/api.js';

interface WorklistEntry {
  appointmentId: number;
  tokenNo: number | null;
  slotStart: string;
  status: string;
  patient: { id: number; uhid: string; name: string; gender: string; dateOfBirth: string | null };
  encounter: { id: number; status: string } | null;
  vitalsTaken: boolean;
  resultsWaiting: number;
  resultsReady: number;
}
interface Worklist {
  day: string;
  doctorId: number | null;
  own: boolean;
  role: string;
  doctors: Array<{ id: number; name: string }>;
  patients: WorklistEntry[];
}

const MyPatientsPage: React.FC = () => {
  const [data, setData] = useState<Worklist | null>(null);
  const [doctorId, setDoctorId] = useState<string>('');
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    getJson<Worklist>(`/admin/clinical/worklist${doctorId ? `?doctorId=${doctorId}` : ''}`)
      .then(setData)
      .catch((e: Error) => setError(e.message));
  }, [doctorId]);
  useEffect(load, [load]);

  const open = async (entry: WorklistEntry) => {
    try {
      const id =
        entry.encounter?.id ??
        (await postJson<{ encounterId: number }>('/admin/clinical/visits', { appointmentId: entry.appointmentId })).encounterId;
      window.location.assign(encounterHref(id));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (error)
    return (
      <Text p="xl" role="alert">
        {error}
      </Text>
    );
  if (!data) return <Text p="xl">Loading…</Text>;
  const doctor = data.doctors.find((d) => d.id === data.doctorId);
  return (
    <Box variant="container" p="xl" data-testid="my-patients">
      <H2>
        {data.own ? 'My patients today' : `${doctor?.name ?? 'Doctor'}'s patients today`} ({data.day})
      </H2>
      {!data.own ? (
        <label>
          Doctor{' '}
          <select value={String(data.doctorId ?? '')} onChange={(e) => setDoctorId(e.target.value)} aria-label="Doctor">
            {data.doctors.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <table style={{ width: '100%', borderCollapse: 'collapse', marginTop: 16 }}>
        <HeadRow columns={['Token', 'Time', 'Patient', 'Status', 'Vitals', 'Results', '']} />
        <tbody>
          {data.patients.map((entry) => (
            <tr key={entry.appointmentId} data-testid="worklist-row">
              <td style={cell}>{entry.tokenNo ?? '—'}</td>
              <td style={cell}>{timeText(entry.slotStart)}</td>
              <td style={cell}>
                {entry.patient.name} · {entry.patient.uhid} · {ageText(entry.patient.dateOfBirth, entry.patient.gender)}
              </td>
              <td style={cell}>{entry.encounter?.status === 'FINISHED' ? 'Consultation finished' : words(entry.status)}</td>
              <td style={cell}>{entry.vitalsTaken ? 'Taken' : '—'}</td>
              <td style={cell}>
                {entry.resultsWaiting > 0 ? `${entry.resultsWaiting} waiting` : ''}
                {entry.resultsWaiting > 0 && entry.resultsReady > 0 ? ', ' : ''}
                {entry.resultsReady > 0 ? <strong>{entry.resultsReady} ready</strong> : ''}
                {entry.resultsWaiting + entry.resultsReady === 0 ? '—' : ''}
              </td>
              <td style={cell}>
                {['CHECKED_IN', 'SEEN'].includes(entry.status) ? (
                  <button type="button" onClick={() => void open(entry)}>
                    {entry.encounter ? 'Open consultation' : data.role === 'NURSE' ? 'Take vitals' : 'Start consultation'}
                  </button>
                ) : (
                  <span>Not checked in</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.patients.length === 0 ? <Text mt="lg">No patients booked today.</Text> : null}
    </Box>
  );
};

export default MyPatientsPage;
