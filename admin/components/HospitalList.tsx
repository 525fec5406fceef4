// The list of every resource: AdminJS's own table and pagination, but a big
// register's size is said as the server counts it — "about 10,00,000" when
// unfiltered (the planner's estimate), "1,000+" when a filter matches more
// than the server counts (admin/hospitalResource.ts COUNT_CAP), and the
// pages offered stop where the server stops serving them (MAX_OFFSET).
import React, { useEffect } from 'react';
import { useLocation } from 'react-router';
import { Box, Pagination, Text } from '@adminjs/design-system';
import { RecordsTable, useQueryParams, useRecords, useSelectedRecords, type ActionProps } from 'adminjs';

const COUNT_CAP = 1000;
const ESTIMATE_FROM = 10_000;
const MAX_OFFSET = 100_000;
const grouped = new Intl.NumberFormat('en-IN');

/** What the header says about the number of records. */
export function sizeText(total: number, filtered: boolean): string {
  if (filtered && total > COUNT_CAP) return `${grouped.format(COUNT_CAP)}+`;
  if (!filtered && total >= ESTIMATE_FROM) return `about ${grouped.format(total)}`;
  return grouped.format(total);
}

const HospitalList: React.FC<ActionProps> = ({ resource, setTag }) => {
  const { records, loading, direction, sortBy, page, total, fetchData, perPage } = useRecords(resource.id);
  const { selectedRecords, handleSelect, handleSelectAll, setSelectedRecords } = useSelectedRecords(records);
  const location = useLocation();
  const { storeParams } = useQueryParams();
  const filtered = [...new URLSearchParams(location.search).keys()].some((key) => key.startsWith('filters.'));

  useEffect(() => {
    if (setTag) setTag(sizeText(total, filtered));
  }, [total, filtered]);
  useEffect(() => setSelectedRecords([]), [resource.id]);

  const servedTotal = Math.min(total, MAX_OFFSET + perPage);
  return (
    <Box variant="container" data-css={`${resource.id}-list-table-wrapper`}>
      <RecordsTable
        resource={resource}
        records={records}
        actionPerformed={() => fetchData()}
        onSelect={handleSelect}
        onSelectAll={handleSelectAll}
        selectedRecords={selectedRecords}
        direction={direction}
        sortBy={sortBy}
        isLoading={loading}
      />
      <Text mt="xl" textAlign="center">
        <Pagination page={page} perPage={perPage} total={servedTotal} onChange={(n: number) => storeParams({ page: n.toString() })} />
        {servedTotal < total ? (
          <Text variant="sm" mt="default" data-testid="deep-page-hint">
            Only the first {grouped.format(MAX_OFFSET / perPage)} pages are listed: use a filter to find older records.
          </Text>
        ) : null}
      </Text>
    </Box>
  );
};

export default HospitalList;
