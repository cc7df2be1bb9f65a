/** A problem with the project's files (serverless.yml, statemachines/, events/), named for the user. */
export class ProjectError extends Error {
  override readonly name = 'ProjectError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
