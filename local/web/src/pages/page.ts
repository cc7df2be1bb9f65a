/** What every page gets: a way to move to another console URL without a reload. */
export interface PageContext {
  readonly navigate: (path: string) => void;
}
