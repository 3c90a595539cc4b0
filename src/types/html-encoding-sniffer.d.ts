// html-encoding-sniffer ships no types (v6: the HTML Standard's encoding sniffing, jsdom's).
declare module 'html-encoding-sniffer' {
  /**
   * The encoding of an HTML byte stream (a canonical WHATWG encoding name): a BOM, else the
   * transport layer's label, else a `<meta charset>` / `http-equiv` in the first 1024 bytes, else
   * `defaultEncoding` (windows-1252; UTF-8 with `xml`).
   */
  export default function sniffHTMLEncoding(
    bytes: Uint8Array,
    options?: { xml?: boolean; transportLayerEncodingLabel?: string; defaultEncoding?: string },
  ): string;
}
