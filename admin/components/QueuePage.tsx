// Today's OPD queue — every doctor's next patients with how many wait, or one
// doctor's whole day — with the desk's buttons: check in, check in and collect
// the fee, seen, and the token slip. Only the buttons the role may use are
// shown (the page handler says which).
import React, { useCallback, useEffect, useState } from 'react';
import { ApiClient, useNotice } from 'adminjs';
import { Box, Button, H2, Link, Select, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';

interface QueueEntry {
  id: number;
  doctorId?: number;
  tokenNo: number | null;
  slotStart: string;
  status: string;
  doctor: string;
  patient: { uhid: string; name: string; phone: string };
}
interface QueueData {
  day: string;
  doctorId: number | null;
  doctors: Array<{ id: number; name: string }>;
  can: { checkIn: boolean; collectFee: boolean; markSeen: boolean; printToken: boolean };
  queue: QueueEntry[];
  /** All doctors: each one's counts (the queue then holds each one's next `nextUp` patients). */
  summary?: Array<{ doctorId: number; doctor: string; waiting: number; seen: number }>;
  nextUp?: number;
  error?: string;
}

const api = new ApiClient();
const time = new Intl.DateTimeFormat('en-IN', { timeZone: 'Asia/Kolkata', hour: '2-digit', minute: '2-digit', hour12: true });
const words = (status: string) => status.charAt(0) + status.slice(1).toLowerCase().replace('_', ' ');
const ALL = 'all';

const QueuePage: React.FC = () => {
  const [data, setData] = useState<QueueData | null>(null);
  const [doctorId, setDoctorId] = useState<string>(ALL);
  const addNotice = useNotice();

  const load = useCallback(() => {
    api
      .getPage({ pageName: 'todaysQueue', params: doctorId === ALL ? {} : { doctorId } })
      .then((res) => setData(res.data as QueueData))
      .catch(() => setData({ error: 'Your role may not open this page.' } as QueueData));
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
  const options = [{ value: ALL, label: 'All doctors' }, ...data.doctors.map((d) => ({ value: String(d.id), label: d.name }))];
  const everyDoctor = data.doctorId === null;
  const row = (entry: QueueEntry) => (
    <TableRow key={entry.id} data-testid="queue-row">
      {everyDoctor ? <TableCell>{entry.doctor}</TableCell> : null}
      <TableCell>{entry.tokenNo ?? '—'}</TableCell>
      <TableCell>{time.format(new Date(entry.slotStart))}</TableCell>
      <TableCell>
        {entry.patient.name} · {entry.patient.uhid}
      </TableCell>
      <TableCell>{words(entry.status)}</TableCell>
      <TableCell>
        {entry.status === 'BOOKED' && data.can.collectFee ? (
          <Button as="a" size="sm" mr="sm" href={`/admin/resources/Appointment/records/${entry.id}/collectFee`}>
            Check in and collect fee
          </Button>
        ) : null}
        {entry.status === 'BOOKED' && data.can.checkIn ? (
          <Button size="sm" mr="sm" onClick={() => run(entry.id, 'checkIn')}>
            Check in
          </Button>
        ) : null}
        {entry.status === 'CHECKED_IN' && data.can.markSeen ? (
          <Button size="sm" mr="sm" onClick={() => run(entry.id, 'markSeen')}>
            Seen
          </Button>
        ) : null}
        {entry.tokenNo !== null && data.can.printToken ? (
          <Link href={`/admin/appointments/${entry.id}/token`} target="_blank" rel="noopener">
            Token slip
          </Link>
        ) : null}
      </TableCell>
    </TableRow>
  );
  return (
    <Box variant="container" p="xl" data-testid="queue-page">
      <H2>Today&apos;s OPD queue ({data.day})</H2>
      <Box width={1 / 2} mb="lg">
        <Select
          inputId="queue-doctor"
          value={options.find((o) => o.value === (everyDoctor ? ALL : String(data.doctorId))) ?? null}
          options={options}
          onChange={(o: { value: string } | null) => setDoctorId(o?.value ?? ALL)}
        />
      </Box>
      <Table>
        <TableHead>
          <TableRow>
            {everyDoctor ? <TableCell>Doctor</TableCell> : null}
            <TableCell>Token</TableCell>
            <TableCell>Time</TableCell>
            <TableCell>Patient</TableCell>
            <TableCell>Status</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {everyDoctor
            ? (data.summary ?? []).flatMap((doctor) => {
                const mine = data.queue.filter((e) => e.doctorId === doctor.doctorId);
                const more = doctor.waiting - mine.length;
                return [
                  <TableRow key={`doctor-${doctor.doctorId}`} data-testid="queue-doctor">
                    <TableCell colSpan={6}>
                      <strong>{doctor.doctor}</strong> — {doctor.waiting} waiting, {doctor.seen} seen
                      {more > 0 ? (
                        <>
                          {' '}
                          · {more} more waiting:{' '}
                          <Link href="#" onClick={(e: React.MouseEvent) => (e.preventDefault(), setDoctorId(String(doctor.doctorId)))}>
                            see all of {doctor.doctor}&apos;s queue
                          </Link>
                        </>
                      ) : null}
                    </TableCell>
                  </TableRow>,
                  ...mine.map((entry) => row(entry)),
                ];
              })
            : data.queue.map((entry) => row(entry))}
        </TableBody>
      </Table>
      {data.queue.length === 0 && (data.summary ?? []).length === 0 ? <Text mt="lg">No appointments today.</Text> : null}
    </Box>
  );
};

export default QueuePage;
