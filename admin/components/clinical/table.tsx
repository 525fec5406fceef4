// The clinical screens' plain tables: one cell style and one header row.
import React from 'react';

export const cell: React.CSSProperties = { padding: '6px 8px', borderBottom: '1px solid #e6e9f0', textAlign: 'left' };

export const HeadRow: React.FC<{ columns: string[] }> = ({ columns }) => (
  <thead>
    <tr>
      {columns.map((column, i) => (
        <th key={`${column}-${i}`} style={cell}>
          {column}
        </th>
      ))}
    </tr>
  </thead>
);
