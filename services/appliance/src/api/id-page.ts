// Paging of the list RPCs: a page of ids out of a list in a stable order, with an opaque token for the next.
import { ValidationError } from '@ferry/errors';

/** A page of ids, the token of the next one ('' at the end) and how many match in all. */
export interface IdPage {
  readonly ids: string[];
  readonly nextPageToken: string;
  readonly totalSize: number;
}

export const LIST_PAGE = { default: 50, max: 500 } as const;

export function pageOf(ids: readonly string[], pageSize: number, pageToken: string): IdPage {
  if (pageSize < 0 || pageSize > LIST_PAGE.max) throw new ValidationError('page_size', `${pageSize} is not between 1 and ${LIST_PAGE.max}; ask for at most ${LIST_PAGE.max} (0 = ${LIST_PAGE.default}) and follow next_page_token`);
  const size = pageSize || LIST_PAGE.default;
  let start = 0;
  if (pageToken) {
    const match = /^o(\d{1,9})$/.exec(Buffer.from(pageToken, 'base64url').toString('latin1'));
    if (!match) throw new ValidationError('page_token', 'is not a token returned by a previous page; start with an empty token');
    start = Number(match[1]);
  }
  const end = start + size;
  return { ids: ids.slice(start, end), nextPageToken: end < ids.length ? Buffer.from(`o${end}`, 'latin1').toString('base64url') : '', totalSize: ids.length };
}
