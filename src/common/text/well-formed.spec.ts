import { isWellFormedText } from './well-formed';

describe('isWellFormedText', () => {
  it.each([
    ['empty text', ''],
    ['ASCII', 'john.doe@example.com'],
    ['accents', 'jürgen@exämple.de'],
    ['a surrogate pair (emoji)', 'hi \uD83D\uDE00 there'],
    ['pairs back to back', '\uD83D\uDE00\uD83D\uDE01'],
    ['the highest code point', '\uDBFF\uDFFF'],
    ['a replacement character', '\uFFFD'],
  ])('accepts %s', (_label, text) => {
    expect(isWellFormedText(text)).toBe(true);
  });

  it.each([
    ['a lone high surrogate', '\uD800@example.com'],
    ['a lone low surrogate', 'a\uDC00b'],
    ['a high surrogate at the end', 'abc\uDBFF'],
    ['a low surrogate at the start', '\uDFFFabc'],
    ['two high surrogates', '\uD800\uD800'],
    ['a reversed pair', '\uDE00\uD83D'],
    ['a pair then a lone low surrogate', '\uD83D\uDE00\uDE00'],
  ])('refuses %s', (_label, text) => {
    expect(isWellFormedText(text)).toBe(false);
  });

  it('answers as the native String.prototype.isWellFormed does', () => {
    const native = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;
    expect(native).toBeDefined(); // Node 20 has it; the project's TypeScript lib does not type it.
    const units = [0x41, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe9];
    // Every string of up to three of these units.
    const strings = [''];
    for (let length = 0; length < 3; length++) {
      for (const s of strings.filter((x) => x.length === length)) {
        for (const unit of units) strings.push(s + String.fromCharCode(unit));
      }
    }
    for (const s of strings) expect(isWellFormedText(s)).toBe(native!.call(s));
  });
});
