// Near-expiry batches and drugs at or below their reorder level.
import React, { useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Box, H2, H4, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';

interface Alerts {
  days: number;
  nearExpiry: Array<{ id: number; drug: string; batchNo: string; expiryDate: string; quantity: number }>;
  lowStock: Array<{ id: number; code: string; name: string; reorderLevel: number; onHand: number }>;
}

const api = new ApiClient();

const PharmacyAlerts: React.FC = () => {
  const [alerts, setAlerts] = useState<Alerts | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  useEffect(() => {
    api
      .getPage({ pageName: 'pharmacyAlerts' })
      .then((res) => setAlerts(res.data as Alerts))
      // A role without the page (or a lost connection) is told so, never left on "Loading…".
      .catch((error: { response?: { status?: number } }) =>
        setRefused(
          error.response?.status === 403 ? 'Your role may not open this page.' : 'The alerts could not be loaded. Try again in a moment.',
        ),
      );
  }, []);
  if (refused)
    return (
      <Text p="xl" data-testid="page-refused">
        {refused}
      </Text>
    );
  if (!alerts) return <Text p="xl">Loading…</Text>;
  return (
    <Box variant="container" p="xl">
      <H2>Pharmacy alerts</H2>
      <H4 mt="lg">Expiring within {alerts.days} days</H4>
      <Table>
        <TableHead>
          <TableRow>
            <TableCell>Drug</TableCell>
            <TableCell>Batch</TableCell>
            <TableCell>Expiry</TableCell>
            <TableCell>Units</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {alerts.nearExpiry.map((b) => (
            <TableRow key={b.id}>
              <TableCell>{b.drug}</TableCell>
              <TableCell>{b.batchNo}</TableCell>
              <TableCell>{b.expiryDate}</TableCell>
              <TableCell>{b.quantity}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <H4 mt="xl">At or below reorder level</H4>
      <Table>
        <TableHead>
          <TableRow>
            <TableCell>Drug</TableCell>
            <TableCell>On hand</TableCell>
            <TableCell>Reorder level</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {alerts.lowStock.map((d) => (
            <TableRow key={d.id}>
              <TableCell>
                {d.name} ({d.code})
              </TableCell>
              <TableCell>{d.onHand}</TableCell>
              <TableCell>{d.reorderLevel}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};

export default PharmacyAlerts;
