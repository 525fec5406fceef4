// Wards × beds: free, occupied (with the patient), cleaning — and "ready" for cleaned beds.
import React, { useCallback, useEffect, useState } from 'react';
import { ApiClient, useNotice } from 'adminjs';
import { Box, Button, H2, H4, Text } from '@adminjs/design-system';

interface Bed {
  id: number;
  bedNumber: string;
  status: 'FREE' | 'OCCUPIED' | 'CLEANING' | 'MAINTENANCE';
  admission: { admissionNo: string; patient: { name: string; uhid: string } } | null;
}
interface Ward {
  id: number;
  name: string;
  dailyRate: string;
  beds: Bed[];
}

const api = new ApiClient();
const colours: Record<Bed['status'], string> = { FREE: '#d7f5e1', OCCUPIED: '#fde2e1', CLEANING: '#fff4cc', MAINTENANCE: '#e6e6e6' };

const BedBoard: React.FC = () => {
  const [wards, setWards] = useState<Ward[] | null>(null);
  const addNotice = useNotice();
  const load = useCallback(() => {
    api.getPage({ pageName: 'bedBoard' }).then((res) => setWards((res.data as { wards?: Ward[] }).wards ?? []));
  }, []);
  useEffect(load, [load]);

  const markReady = async (id: number) => {
    const res = await api.recordAction({ resourceId: 'Bed', recordId: String(id), actionName: 'markReady', method: 'post' });
    const notice = (res.data as { notice?: { message: string; type: 'success' | 'error' } }).notice;
    if (notice) addNotice(notice);
    load();
  };

  if (!wards) return <Text p="xl">Loading…</Text>;
  return (
    <Box variant="container" p="xl" data-testid="bed-board">
      <H2>Bed board</H2>
      {wards.map((ward) => (
        <Box key={ward.id} mb="xl">
          <H4>
            {ward.name} — ₹ {ward.dailyRate}/day ({ward.beds.filter((b) => b.status === 'OCCUPIED').length}/{ward.beds.length} occupied)
          </H4>
          <Box flex flexDirection="row" flexWrap="wrap">
            {ward.beds.map((bed) => (
              <Box
                key={bed.id}
                m="sm"
                p="md"
                width="170px"
                style={{ background: colours[bed.status], borderRadius: 6 }}
                data-testid={`bed-${bed.bedNumber}`}
              >
                <Text fontWeight="bold">{bed.bedNumber}</Text>
                <Text variant="sm">{bed.status.charAt(0) + bed.status.slice(1).toLowerCase()}</Text>
                {bed.admission ? <Text variant="sm">{bed.admission.patient.name}</Text> : null}
                {bed.status === 'CLEANING' ? (
                  <Button size="sm" mt="sm" onClick={() => markReady(bed.id)}>
                    Ready
                  </Button>
                ) : null}
              </Box>
            ))}
          </Box>
        </Box>
      ))}
    </Box>
  );
};

export default BedBoard;
