// Today's numbers for the hospital, from the dashboard handler (src/modules/reports/dashboard.ts).
// A doctor lands on "My patients today" instead: the day's work, not the hospital's numbers.
import React, { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiClient, useCurrentAdmin } from 'adminjs';
import { Box, H2, H5, Text, Loader } from '@adminjs/design-system';
import type { TodaysNumbers } from '../../src/modules/reports/dashboard.js';

const inr = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const api = new ApiClient();

const Card: React.FC<{ label: string; value: string; hint?: string; testId: string }> = ({ label, value, hint, testId }) => (
  <Box variant="card" flex flexDirection="column" width={[1, 1 / 2, 1 / 4]} m="md" p="xl" data-testid={testId}>
    <H5>{label}</H5>
    <H2 mt="md">{value}</H2>
    {hint ? <Text variant="sm">{hint}</Text> : null}
  </Box>
);

const Dashboard: React.FC = () => {
  const [data, setData] = useState<TodaysNumbers | null>(null);
  const [failed, setFailed] = useState(false);
  const [admin] = useCurrentAdmin();
  const navigate = useNavigate();
  const isDoctor = (admin as { role?: string } | null)?.role === 'DOCTOR';

  useEffect(() => {
    if (isDoctor) navigate('/admin/pages/myPatients', { replace: true });
  }, [isDoctor, navigate]);

  useEffect(() => {
    api
      .getDashboard<TodaysNumbers>()
      .then((response) => setData(response.data))
      .catch(() => setFailed(true));
  }, []);

  if (failed)
    return (
      <Box p="xl">
        <Text>Today&apos;s numbers could not be loaded. Please refresh the page.</Text>
      </Box>
    );
  if (!data) return <Loader />;

  const occupancy = data.totalBeds > 0 ? Math.round((data.occupiedBeds / data.totalBeds) * 100) : 0;
  return (
    <Box p="xl">
      <H2 mb="lg">Parth Hospital — today ({data.date})</H2>
      <Box flex flexDirection="row" flexWrap="wrap">
        <Card testId="opd" label="OPD appointments" value={String(data.opdAppointments)} hint={`${data.opdCheckedIn} checked in or seen`} />
        <Card
          testId="admissions"
          label="Admissions today"
          value={String(data.admissionsToday)}
          hint={`${data.currentInpatients} inpatients now`}
        />
        <Card testId="beds" label="Occupied beds" value={`${data.occupiedBeds} / ${data.totalBeds}`} hint={`${occupancy}% occupancy`} />
        <Card
          testId="collection"
          label="Today's collection"
          value={`₹ ${inr.format(Number(data.collectionToday))}`}
          hint={`refunds ₹ ${inr.format(Number(data.refundsToday))}`}
        />
      </Box>
    </Box>
  );
};

export default Dashboard;
