// A table whose flagged rows (an abnormal result) stand out in words and in
// colour: the related records of a show page and the verifier's review use it.
import React from 'react';
import { Table, TableBody, TableCell, TableHead, TableRow } from '@adminjs/design-system';

export interface FlaggedRow {
  key: string;
  cells: React.ReactNode[];
  alert: boolean;
}

const ALERT_ROW = { background: '#fdecec' };
const ALERT_CELL = { color: '#b00020', fontWeight: 600 };

export const FlaggedTable: React.FC<{ columns: string[]; rows: FlaggedRow[] }> = ({ columns, rows }) => (
  <Table>
    <TableHead>
      <TableRow>
        {columns.map((column, i) => (
          <TableCell key={`${i}-${column}`}>{column}</TableCell>
        ))}
      </TableRow>
    </TableHead>
    <TableBody>
      {rows.map((row) => (
        <TableRow key={row.key} data-alert={row.alert ? 'true' : undefined} style={row.alert ? ALERT_ROW : undefined}>
          {row.cells.map((cell, i) => (
            <TableCell key={i} style={row.alert ? ALERT_CELL : undefined}>
              {cell}
            </TableCell>
          ))}
        </TableRow>
      ))}
    </TableBody>
  </Table>
);
