import { DomainError } from '../../../domain/shared/errors.ts';

/** A filed model (备案) states its filing number; VALIDATION_FAILED otherwise. */
export function assertFilingConsistent(filed: boolean, filingNumber: string | null): void {
  if (filed && filingNumber === null) {
    throw new DomainError('VALIDATION_FAILED', 'filingNumber: a filed model states its number', {
      field: 'filingNumber',
    });
  }
}

export function duplicateOfferError(modelId: string): DomainError {
  return new DomainError(
    'CONFLICT',
    `the provider offers ${modelId} from this upstream model and base URL already`,
    { field: 'modelId' },
  );
}
