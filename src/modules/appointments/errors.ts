import { Conflict, DomainError } from '../../errors.js';

export class SlotTaken extends Conflict {
  constructor() {
    super('SLOT_TAKEN', 'This slot has just been booked by someone else. Please choose another slot.');
  }
}

export class SlotUnavailable extends DomainError {
  constructor(reason: string) {
    super(422, 'SLOT_UNAVAILABLE', reason);
  }
}

export class InvalidAppointmentState extends Conflict {
  constructor(message: string) {
    super('INVALID_STATE', message);
  }
}
