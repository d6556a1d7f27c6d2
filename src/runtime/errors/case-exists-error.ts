import { errorName, KefuError } from '../../errors/kefu-error.js';

/** A case with this id is already stored; opening it again would overwrite it. */
export class CaseExistsError extends KefuError {
  static readonly [errorName]: string = 'CaseExistsError';

  /** The id that is already taken. */
  declare readonly caseId: string;

  constructor(caseId: string, options: { cause?: unknown } = {}) {
    super('KEFU_CASE_EXISTS', `case "${caseId}" already exists`, options.cause === undefined ? undefined : { cause: options.cause });
    this.caseId = caseId;
  }
}

/**
 * Whether a value is a {@link CaseExistsError}.
 *
 * @example
 * isCaseExistsError(new CaseExistsError('C-1')) //=> true
 */
export function isCaseExistsError(error: unknown): error is CaseExistsError {
  return error instanceof CaseExistsError;
}
