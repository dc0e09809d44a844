/** pdf-lib's one-file build (UMD, CommonJS for Node): the same API as 'pdf-lib', its module.exports as default. */
declare module 'pdf-lib/dist/pdf-lib.min.js' {
  import type * as PdfLib from 'pdf-lib';
  const pdfLib: typeof PdfLib;
  export default pdfLib;
}
