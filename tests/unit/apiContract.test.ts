/** The patient API's operation names: stable, readable, one per route (src/http/api/route.ts). */
import { operationIdOf } from '../../src/http/api/route.js';

describe('operationIdOf', () => {
  it('names an operation by its method and path, parameters as By…', () => {
    expect(operationIdOf('get', '/me/prescriptions/:id/pdf')).toBe('getMePrescriptionsByIdPdf');
    expect(operationIdOf('post', '/auth/register/verify')).toBe('postAuthRegisterVerify');
    expect(operationIdOf('get', '/me/discharge-summaries')).toBe('getMeDischargeSummaries');
    expect(operationIdOf('patch', '/me/profile')).toBe('patchMeProfile');
  });
});
