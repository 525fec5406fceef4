// Timestamps are stored in UTC and shown in India time, as the hospital writes
// them: 03-Dec-2026 10:15 (src/time.ts istText writes the same on the server).
import React from 'react';
import type { BasePropertyProps } from 'adminjs';
import { Labelled } from './Labelled.js';

const parts = (timeZone: string) =>
  new Intl.DateTimeFormat('en-US', {
    timeZone,
    day: '2-digit',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
const inIst = parts('Asia/Kolkata');
// Calendar days (date of birth, leave) are stored at UTC midnight: show the day itself.
const asStored = parts('UTC');

function text(at: Date, dateOnly: boolean): string {
  const part = Object.fromEntries((dateOnly ? asStored : inIst).formatToParts(at).map((p) => [p.type, p.value]));
  const day = `${part.day}-${part.month}-${part.year}`;
  return dateOnly ? day : `${day} ${part.hour}:${part.minute}`;
}

const IstDateTime: React.FC<BasePropertyProps> = (props) => {
  const raw = props.record?.params?.[props.property.path];
  const at = new Date(raw);
  const dateOnly = props.property.type === 'date';
  const shown = !raw ? '—' : Number.isNaN(at.getTime()) ? String(raw) : text(at, dateOnly);
  return (
    <Labelled props={props}>
      <span title={dateOnly || !raw ? undefined : 'India time (IST)'}>{shown}</span>
    </Labelled>
  );
};

export default IstDateTime;
