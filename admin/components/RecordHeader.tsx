// Every record's page names its record beside the action ("Details  Invoice
// PH/2627/000123", "Check in and collect fee  Dr. Mehta · 06-Dec-2026 10:15"):
// AdminJS's own header, given the record's title as its tag. A record with
// many buttons (an admission: discharge summary, sign, transfer, discharge)
// puts them on the next line rather than over the title.
import React from 'react';
import { OriginalActionHeader, type ActionHeaderProps } from 'adminjs';

const WRAP_BUTTONS =
  '.adminjs_ActionHeader > section:last-child { flex-wrap: wrap; } .adminjs_ActionHeader > section:last-child > section:first-child { min-width: 20rem; }';

const RecordHeader: React.FC<ActionHeaderProps> = (props) => (
  <>
    <style>{WRAP_BUTTONS}</style>
    <OriginalActionHeader {...props} tag={props.tag || (props.record?.title ?? '')} />
  </>
);

export default RecordHeader;
