// A record's show page: AdminJS's own fields, then what belongs to the record
// (admin/related.ts) — an invoice's lines and payments, an admission's bed
// stays and deposits, a patient's whole file — each row by its title and a
// link, abnormal results flagged in words and in colour.
import React, { useEffect, useState } from 'react';
import { ApiClient, BasePropertyComponent, type ActionProps } from 'adminjs';
import { Box, H4, Link, Text } from '@adminjs/design-system';
import { FlaggedTable } from './FlaggedTable.js';
import type { RelatedSection } from '../related.js';

const api = new ApiClient();

const Section: React.FC<{ section: RelatedSection }> = ({ section }) => (
  <Box mt="xl" data-testid={`related-${section.key}`}>
    <H4 mb="sm">{section.label}</H4>
    {section.summary ? (
      <Text mb="default" data-testid={`related-${section.key}-summary`}>
        {section.summary}
      </Text>
    ) : null}
    {section.rows.length === 0 ? (
      <Text variant="sm" color="grey60">
        None yet.
      </Text>
    ) : (
      <FlaggedTable
        columns={['', ...section.columns]}
        rows={section.rows.map((row) => ({
          key: row.id,
          alert: row.alert,
          cells: [row.href ? <Link href={row.href}>{row.title}</Link> : <strong>{row.title}</strong>, ...row.cells],
        }))}
      />
    )}
    {section.more ? (
      <Text variant="sm" mt="sm">
        Showing the latest {section.rows.length}. {section.listHref ? <Link href={section.listHref}>See all</Link> : null}
      </Text>
    ) : null}
  </Box>
);

const RecordFile: React.FC<ActionProps> = ({ resource, record }) => {
  const [sections, setSections] = useState<RelatedSection[]>([]);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!record?.id) return;
    setFailed(false);
    api
      .recordAction({ resourceId: resource.id, recordId: record.id, actionName: 'related', method: 'get' })
      .then((response) => setSections(((response.data as unknown as { sections?: RelatedSection[] }).sections ?? []) as RelatedSection[]))
      .catch(() => setFailed(true));
  }, [resource.id, record?.id]);

  return (
    <Box variant="container" data-css={`${resource.id}-show-drawer-content`}>
      {resource.showProperties.map((property) => (
        <BasePropertyComponent key={property.propertyPath} where="show" property={property} resource={resource} record={record} />
      ))}
      {failed ? <Text mt="xl">Could not load the related records. Please refresh.</Text> : null}
      {sections.map((section) => (
        <Section key={section.key} section={section} />
      ))}
    </Box>
  );
};

export default RecordFile;
