import { Conflict, DomainError } from '../../errors.js';

export class StockShort extends Conflict {
  constructor(drugName: string, available: number, wanted: number) {
    super('STOCK_SHORT', `Only ${available} unit${available === 1 ? '' : 's'} of ${drugName} in stock (unexpired); ${wanted} requested`, {
      available,
      wanted,
    });
  }
}

export class StockRuleBroken extends DomainError {
  constructor(message: string) {
    super(422, 'STOCK_RULE', message);
  }
}
