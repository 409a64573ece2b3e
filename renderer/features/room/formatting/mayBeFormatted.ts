/**
 * Whether a message's text may hold formatting (code, bold, italic, quotes, lists): only those go
 * through the formatter, so plain messages cost what they did and the formatter's code loads the
 * first time one is shown. Indentation alone is not formatting: a pasted snippet without fences
 * stays as typed, its indentation kept (markdown would fold it into a paragraph).
 */
const MARKERS = /[`*_~]|^ {0,3}(?:>|[-+] |\d{1,9}[.)] |#{1,6} )/m;

export const mayBeFormatted = (text: string) => MARKERS.test(text);
