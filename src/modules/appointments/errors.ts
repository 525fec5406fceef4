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

export class OnePerDoctorPerDay extends Conflict {
  constructor() {
    super('ALREADY_BOOKED_THAT_DAY', 'You already have an appointment with this doctor on that day. Move it instead of booking another.');
  }
}

export class TooManyBookings extends Conflict {
  constructor(limit: number) {
    super('TOO_MANY_BOOKINGS', `You can hold at most ${limit} upcoming appointments online. Cancel one, or call the hospital.`);
  }
}
