/**
 * A guard for secrets that must never reach a log reader: any live task token is replaced before an
 * event is stored. The worker never logs its token; this catches a user's code that does.
 */

/** What a redacted secret reads as. */
export const REDACTED = '[redacted task token]';
/** Shorter strings are not treated as secrets (replacing them would garble ordinary text). */
const MIN_SECRET_LENGTH = 16;

export class Redaction {
  readonly #secrets = new Set<string>();

  add(secret: string): void {
    if (secret.length >= MIN_SECRET_LENGTH) this.#secrets.add(secret);
  }

  apply(message: string): string {
    let text = message;
    for (const secret of this.#secrets) {
      if (text.includes(secret)) text = text.split(secret).join(REDACTED);
    }
    return text;
  }
}
