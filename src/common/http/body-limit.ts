/** Bodies above this are refused with 413 before anything reads them (docs/reference.md, "HTTP API"). */
export const MAX_BODY_BYTES = 1_048_576;
