import { errorName, KefuError } from '../../errors/kefu-error.js';

/** No case with this id is stored. */
export class CaseNotFoundError extends KefuError {
  static readonly [errorName]: string = 'CaseNotFoundError';

  /** The id that was looked up. */
  declare readonly caseId: string;

  constructor(caseId: string, options: { cause?: unknown } = {}) {
    super('KEFU_CASE_NOT_FOUND', `no case "${caseId}"`, options.cause === undefined ? undefined : { cause: options.cause });
    this.caseId = caseId;
  }
}

/**
 * Whether a value is a {@link CaseNotFoundError}.
 *
 * @example
 * isCaseNotFoundError(new CaseNotFoundError('C-1')) //=> true
 */
export function isCaseNotFoundError(error: unknown): error is CaseNotFoundError {
  return error instanceof CaseNotFoundError;
}
