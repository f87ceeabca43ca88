/**
 * How a language's sections share screens. Sections stay in order and are never cut:
 * a page takes sections while their measured heights (plus the gap between them) fit the
 * available height. A section taller than a whole page gets a page of its own and is
 * reported, so the caller can set the type smaller and measure again.
 */
export interface PagePlan {
  /** Indexes of the sections on each page. */
  readonly pages: readonly (readonly number[])[];
  /** Sections that do not fit even alone. */
  readonly overflowing: readonly number[];
}

export function planPages(sectionHeights: readonly number[], availableHeight: number, gap: number): PagePlan {
  const pages: number[][] = [];
  const overflowing: number[] = [];
  let page: number[] = [];
  let used = 0;
  sectionHeights.forEach((height, index) => {
    if (height > availableHeight) overflowing.push(index);
    const needed = page.length === 0 ? height : used + gap + height;
    if (page.length > 0 && needed > availableHeight) {
      pages.push(page);
      page = [index];
      used = height;
      return;
    }
    page.push(index);
    used = needed;
  });
  if (page.length > 0) pages.push(page);
  return { pages, overflowing };
}

/** Type scales to try, largest first; the smallest still reads from a few metres away on a TV. */
export const TYPE_SCALES = [1, 0.9, 0.8, 0.72, 0.64] as const;

/** A screen as wide as this many times its height shows two columns side by side. */
export const TWO_COLUMNS_FROM_ASPECT = 1.3;

export const columnsFor = (width: number, height: number): 1 | 2 => (height > 0 && width / height >= TWO_COLUMNS_FROM_ASPECT ? 2 : 1);

export interface ScreenPlan {
  /** Each screen holds up to `columns` columns; each column holds section indexes. */
  readonly screens: readonly (readonly (readonly number[])[])[];
  readonly overflowing: readonly number[];
}

/** Fills columns as `planPages` fills pages, then puts `columns` columns side by side on each screen. */
export function planScreens(sectionHeights: readonly number[], columnHeight: number, gap: number, columns: number): ScreenPlan {
  const plan = planPages(sectionHeights, columnHeight, gap);
  const screens: (readonly number[])[][] = [];
  plan.pages.forEach((column, index) => {
    if (index % columns === 0) screens.push([]);
    screens[screens.length - 1]?.push(column);
  });
  return { screens, overflowing: plan.overflowing };
}
