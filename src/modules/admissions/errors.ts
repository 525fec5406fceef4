import { Conflict } from '../../errors.js';

export class BedNotFree extends Conflict {
  constructor(bedNumber: string, status: string) {
    super('BED_NOT_FREE', `Bed ${bedNumber} is not free (${status.toLowerCase()}): choose another bed`);
  }
}

export class PatientAlreadyAdmitted extends Conflict {
  constructor() {
    super('ALREADY_ADMITTED', 'This patient is already admitted: transfer them instead of admitting again');
  }
}

export class InvalidAdmissionState extends Conflict {
  constructor(message: string) {
    super('INVALID_STATE', message);
  }
}

/** A discharge the money does not allow yet; the code says which step is missing. */
export class DischargeBlocked extends Conflict {
  constructor(code: 'CHARGES_NOT_BILLED' | 'BILL_NOT_SETTLED' | 'DEPOSIT_STILL_HELD', message: string) {
    super(code, message);
  }
}
