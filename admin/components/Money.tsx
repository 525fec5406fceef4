// Rupees with two decimals in the Indian grouping: ₹ 1,23,456.50
import React from 'react';
import type { BasePropertyProps } from 'adminjs';

const inr = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const Money: React.FC<BasePropertyProps> = ({ record, property }) => {
  const raw = record?.params?.[property.path];
  if (raw === null || raw === undefined || raw === '') return <span>—</span>;
  const value = Number(raw);
  return <span style={{ fontVariantNumeric: 'tabular-nums' }}>{Number.isFinite(value) ? `₹ ${inr.format(value)}` : String(raw)}</span>;
};

export default Money;
