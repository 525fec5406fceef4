// Timestamps are stored in UTC and shown in India time.
import React from 'react';
import type { BasePropertyProps } from 'adminjs';

const withTime = new Intl.DateTimeFormat('en-IN', {
  timeZone: 'Asia/Kolkata',
  day: '2-digit',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: true,
});
const dateOnly = new Intl.DateTimeFormat('en-IN', { timeZone: 'UTC', day: '2-digit', month: 'short', year: 'numeric' });

const IstDateTime: React.FC<BasePropertyProps> = ({ record, property }) => {
  const raw = record?.params?.[property.path];
  if (!raw) return <span>—</span>;
  const at = new Date(raw);
  if (Number.isNaN(at.getTime())) return <span>{String(raw)}</span>;
  // Calendar days (date of birth, leave) are stored at UTC midnight: show the day itself.
  const format = property.type === 'date' ? dateOnly : withTime;
  return <span title={property.type === 'date' ? undefined : 'India time (IST)'}>{format.format(at)}</span>;
};

export default IstDateTime;
