// Every record's page names its record beside the action ("Details  Invoice
// PH/2627/000123", "Check in and collect fee  Dr. Mehta · 06-Dec-2026 10:15"):
// AdminJS's own header, given the record's title as its tag.
import React from 'react';
import { OriginalActionHeader, type ActionHeaderProps } from 'adminjs';

const RecordHeader: React.FC<ActionHeaderProps> = (props) => (
  <OriginalActionHeader {...props} tag={props.tag || (props.record?.title ?? '')} />
);

export default RecordHeader;
