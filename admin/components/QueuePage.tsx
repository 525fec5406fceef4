// Today's OPD queue for one doctor, with check-in and seen buttons.
import React, { useCallback, useEffect, useState } from 'react';
import { ApiClient, useNotice } from 'adminjs';
import { Box, Button, H2, Select, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';

interface QueueEntry {
  id: number;
  tokenNo: number | null;
  slotStart: string;
  status: string;
  patient: { uhid: string; name: string; phone: string };
}
interface QueueData {
  day: string;
  doctorId: number;
  doctors: Array<{ id: number; name: string }>;
  queue: QueueEntry[];
  error?: string;
}

const api = new ApiClient();
const time = new Intl.DateTimeFormat('en-IN', { timeZone: 'Asia/Kolkata', hour: '2-digit', minute: '2-digit', hour12: true });
const words = (status: string) => status.charAt(0) + status.slice(1).toLowerCase().replace('_', ' ');

const QueuePage: React.FC = () => {
  const [data, setData] = useState<QueueData | null>(null);
  const [doctorId, setDoctorId] = useState<string>('');
  const addNotice = useNotice();

  const load = useCallback(() => {
    api.getPage({ pageName: 'todaysQueue', params: doctorId ? { doctorId } : {} }).then((res) => setData(res.data as QueueData));
  }, [doctorId]);
  useEffect(load, [load]);

  const run = async (id: number, actionName: 'checkIn' | 'markSeen') => {
    const res = await api.recordAction({ resourceId: 'Appointment', recordId: String(id), actionName, method: 'post' });
    const notice = (res.data as { notice?: { message: string; type: 'success' | 'error' } }).notice;
    if (notice) addNotice(notice);
    load();
  };

  if (!data) return <Text p="xl">Loading…</Text>;
  if (data.error) return <Text p="xl">{data.error}</Text>;
  const options = data.doctors.map((d) => ({ value: String(d.id), label: d.name }));
  return (
    <Box variant="container" p="xl" data-testid="queue-page">
      <H2>Today&apos;s queue ({data.day})</H2>
      <Box width={1 / 2} mb="lg">
        <Select
          value={options.find((o) => o.value === String(data.doctorId)) ?? null}
          options={options}
          onChange={(o: { value: string } | null) => setDoctorId(o?.value ?? '')}
        />
      </Box>
      <Table>
        <TableHead>
          <TableRow>
            <TableCell>Token</TableCell>
            <TableCell>Time</TableCell>
            <TableCell>Patient</TableCell>
            <TableCell>Status</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {data.queue.map((entry) => (
            <TableRow key={entry.id}>
              <TableCell>{entry.tokenNo ?? '—'}</TableCell>
              <TableCell>{time.format(new Date(entry.slotStart))}</TableCell>
              <TableCell>
                {entry.patient.name} ({entry.patient.uhid})
              </TableCell>
              <TableCell>{words(entry.status)}</TableCell>
              <TableCell>
                {entry.status === 'BOOKED' ? (
                  <Button size="sm" onClick={() => run(entry.id, 'checkIn')}>
                    Check in
                  </Button>
                ) : null}
                {entry.status === 'CHECKED_IN' ? (
                  <Button size="sm" onClick={() => run(entry.id, 'markSeen')}>
                    Seen
                  </Button>
                ) : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {data.queue.length === 0 ? <Text mt="lg">No appointments today.</Text> : null}
    </Box>
  );
};

export default QueuePage;
