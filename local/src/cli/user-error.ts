/** A problem the user can fix (bad arguments, unknown machine): printed as one line, no stack trace. */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    /** Process exit status; 2 for usage errors as most CLIs do. */
    readonly exitCode = 2,
  ) {
    super(message);
  }
}
