/**
 * A whole UHID as the database gives it (next_uhid(): PH-000123, PH-1000000
 * after the millionth), typed in any case: then it names one patient exactly.
 */
export const WHOLE_UHID = /^PH-\d{6,}$/i;
