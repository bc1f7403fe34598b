declare module 'miniprogram-compiler' {
  interface CompilerOptions {
    /** File names with their extension, relative to the root. */
    wxmlList?: string[];
    wxsList?: string[];
    wxssList?: string[];
  }
  /** Runs the official wcc over the listed templates; throws with file, line and column on bad WXML. */
  export function wxmlToJs(rootPath: string, options?: CompilerOptions): string;
  /** Runs the official wcsc over the listed style sheets. */
  export function wxssToJs(rootPath: string, options?: CompilerOptions): string;
}

declare module 'miniprogram-compiler/src/wcsc' {
  /** Runs the official wcsc over files named without extension; a failure is returned, not thrown. */
  export default function wcsc(rootPath: string, files: string[]): Record<string, string> | Error;
}
