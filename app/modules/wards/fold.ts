/** Lower-case without Vietnamese diacritics ("Hà Đông" → "ha dong"), for searching without accents. */
export function foldVietnamese(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replaceAll('đ', 'd').replaceAll('Đ', 'D').toLowerCase()
}
