/**
 * pdf-lib, loaded from its one-file build (dist/pdf-lib.min.js, the same version's code): its package entry is
 * some 300 CommonJS modules, which cost Node about 0.22 s CPU to load cold, against 0.07 s for the one file. Every
 * module of briefing takes pdf-lib from here, so that its classes (PDFName, PDFDict…) are one set.
 */
import type * as PdfLib from 'pdf-lib';
import lib from 'pdf-lib/dist/pdf-lib.min.js';

export const {
  PDFDocument,
  ParseSpeeds,
  PDFDict,
  PDFArray,
  PDFBool,
  PDFContext,
  PDFCrossRefSection,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFNull,
  PDFObjectParser,
  PDFRef,
  PDFString,
  PDFTrailer,
  PDFTrailerDict,
} = lib;
export type PDFDocument = PdfLib.PDFDocument;
export type PDFDict = PdfLib.PDFDict;
export type PDFName = PdfLib.PDFName;
export type PDFNumber = PdfLib.PDFNumber;
export type PDFRef = PdfLib.PDFRef;
export type PDFContext = PdfLib.PDFContext;
export type PDFObject = PdfLib.PDFObject;
