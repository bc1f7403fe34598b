/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Packages only documents, exports and imports use (PDFs, spreadsheets, QR codes, CSV, phone
 * metadata, amounts in words), required on first use. The build bundles each into the function's
 * `lib/` (`LAZY_PACKAGES`), so a cold start reads and compiles only the function's own code.
 * Loaded with require, not import(): the files are CommonJS bundles.
 */
export const LAZY_PACKAGES = ['exceljs', 'pdfkit', 'fontkit', 'wawoff2/decompress', 'qrcode', 'papaparse', 'tar-stream', 'nzh', 'libphonenumber-js/min'] as const;

export const exceljs = (): typeof import('exceljs') => require('exceljs') as typeof import('exceljs');
// pdfkit's CommonJS build: its ES module finds its data with import.meta.url, which a bundled function lacks.
export const pdfkit = (): typeof import('pdfkit') => require('pdfkit') as typeof import('pdfkit');
export const fontkit = (): typeof import('fontkit') => require('fontkit') as typeof import('fontkit');
export const woff2Decompress = (): ((woff2: Uint8Array) => Promise<Uint8Array>) => require('wawoff2/decompress') as (woff2: Uint8Array) => Promise<Uint8Array>;
export const qrcode = (): typeof import('qrcode') => require('qrcode') as typeof import('qrcode');
export const papaparse = (): typeof import('papaparse') => require('papaparse') as typeof import('papaparse');
export const phoneNumbers = (): typeof import('libphonenumber-js/min') => require('libphonenumber-js/min') as typeof import('libphonenumber-js/min');
export const nzh = (): typeof import('nzh').default => require('nzh') as typeof import('nzh').default;
export const tarStream = (): typeof import('tar-stream') => require('tar-stream') as typeof import('tar-stream');
