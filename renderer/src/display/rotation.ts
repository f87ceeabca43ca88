/** Where a display is in its cycle: which language, which page of that language. */
export interface RotationPosition {
  readonly languageIndex: number;
  readonly pageIndex: number;
}

/** The next screen: the next page of this language, else the first page of the next language. */
export function nextPosition(position: RotationPosition, pageCount: number, languageCount: number): RotationPosition {
  if (position.pageIndex + 1 < pageCount) return { languageIndex: position.languageIndex, pageIndex: position.pageIndex + 1 };
  return { languageIndex: languageCount === 0 ? 0 : (position.languageIndex + 1) % languageCount, pageIndex: 0 };
}

export const MIN_INTERVAL_MS = 50;

/** `?interval=<ms>` for installers testing a screen (and the soak test); otherwise the organisation's setting. */
export function rotationIntervalMs(search: string, rotateSeconds: number): number {
  const fromUrl = Number(new URLSearchParams(search).get('interval'));
  if (Number.isFinite(fromUrl) && fromUrl >= MIN_INTERVAL_MS) return fromUrl;
  return rotateSeconds * 1000;
}
