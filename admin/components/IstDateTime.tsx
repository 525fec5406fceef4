// Timestamps are stored in UTC and shown in India time, as the hospital writes
// them: 03-Dec-2026 10:15 (src/time.ts istText writes the same on the server).
import React from 'react';
import type { BasePropertyProps } from 'adminjs';

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

const IstDateTime: React.FC<BasePropertyProps> = ({ record, property }) => {
  const raw = record?.params?.[property.path];
  if (!raw) return <span>—</span>;
  const at = new Date(raw);
  if (Number.isNaN(at.getTime())) return <span>{String(raw)}</span>;
  const dateOnly = property.type === 'date';
  return <span title={dateOnly ? undefined : 'India time (IST)'}>{text(at, dateOnly)}</span>;
};

export default IstDateTime;
