// Timestamps are stored in UTC and shown in India time, as the hospital writes
// them: 03-Dec-2026 10:15 — by src/time.ts istText, the server's own writer. A
// calendar day (a date of birth) is stored at UTC midnight, which is that same
// day in India.
import React from 'react';
import type { BasePropertyProps } from 'adminjs';
import { istText } from '../../src/time.js';
import { Labelled } from './Labelled.js';

const IstDateTime: React.FC<BasePropertyProps> = (props) => {
  const raw = props.record?.params?.[props.property.path];
  const at = new Date(raw);
  const dateOnly = props.property.type === 'date';
  const shown = !raw ? '—' : Number.isNaN(at.getTime()) ? String(raw) : istText(at, dateOnly);
  return (
    <Labelled props={props}>
      <span title={dateOnly || !raw ? undefined : 'India time (IST)'}>{shown}</span>
    </Labelled>
  );
};

export default IstDateTime;
