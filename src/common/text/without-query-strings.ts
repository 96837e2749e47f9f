/**
 * `text` with the query string of every URL in it cut to `?…`: driver and HTTP-client errors
 * quote the request's URL, whose query holds personal data (a member number in PostgREST's
 * `membernumber=eq.…`, an email in a search), and such messages reach logs and stored errors.
 * The scheme, host and path stay, so the message still says what was called.
 */
export function withoutQueryStrings(text: string): string {
  return text.replace(/(\bhttps?:\/\/[^\s?#"']*)\?[^\s"']*/gi, '$1?…');
}
