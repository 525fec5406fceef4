import { Conflict, DomainError } from '../../errors.js';

export class InvalidLabOrderState extends Conflict {
  constructor(message: string) {
    super('INVALID_STATE', message);
  }
}

export class VerificationRefused extends DomainError {
  constructor(message: string) {
    super(403, 'VERIFICATION_REFUSED', message);
  }
}
