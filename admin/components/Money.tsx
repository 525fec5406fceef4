// Rupees with two decimals in the Indian grouping: ₹ 1,23,456.50
import React from 'react';
import type { BasePropertyProps } from 'adminjs';
import { Labelled } from './Labelled.js';

const inr = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const Money: React.FC<BasePropertyProps> = (props) => {
  const raw = props.record?.params?.[props.property.path];
  const value = Number(raw);
  const shown = raw === null || raw === undefined || raw === '' ? '—' : Number.isFinite(value) ? `₹ ${inr.format(value)}` : String(raw);
  return (
    <Labelled props={props}>
      <span style={{ fontVariantNumeric: 'tabular-nums' }}>{shown}</span>
    </Labelled>
  );
};

export default Money;
