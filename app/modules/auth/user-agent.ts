/**
 * "Chrome · Android" from a User-Agent header, for the list of signed-in devices. Order matters: Edge and
 * Opera also say Chrome, Chrome also says Safari, and Android also says Linux.
 */
export function describeUserAgent(ua: string | null | undefined): string | null {
  if (!ua) return null
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /OPR\/|Opera/.test(ua)
      ? 'Opera'
      : /SamsungBrowser/.test(ua)
        ? 'Samsung Internet'
        : /coc_coc_browser/i.test(ua)
          ? 'Cốc Cốc'
          : /Firefox\//.test(ua)
            ? 'Firefox'
            : /Chrome\/|CriOS\//.test(ua)
              ? 'Chrome'
              : /Safari\//.test(ua)
                ? 'Safari'
                : null
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad|iPod/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /CrOS/.test(ua)
            ? 'ChromeOS'
            : /Linux/.test(ua)
              ? 'Linux'
              : null
  const parts = [browser, os].filter(Boolean)
  return parts.length ? parts.join(' · ') : null
}
