/** Bodies above this are refused with 413 before anything reads them (CONTRACT section 4). */
export const MAX_BODY_BYTES = 1_048_576;
