declare module 'subset-font' {
  /** Subset a TTF/WOFF/WOFF2 font to the given text (hb-subset, wasm). */
  export default function subsetFont(
    font: Uint8Array,
    text: string,
    options?: { targetFormat?: 'sfnt' | 'woff' | 'woff2' | 'truetype'; preserveNameIds?: number[] },
  ): Promise<Uint8Array>;
}
