/** Screen geometry: the one place that decides how many lines each part gets. */
export interface Size {
	width: number;
	height: number;
}

/** Smallest screen we lay out for; smaller terminals get this and clip. */
export const MIN_SIZE: Size = {width: 80, height: 24};

/**
 * We draw one line less than the terminal has: Ink clears the whole screen on every frame once the
 * output fills it, which flickers.
 */
export const frameHeight = (size: Size): number => Math.max(MIN_SIZE.height, size.height) - 1;
export const frameWidth = (size: Size): number => Math.max(MIN_SIZE.width, size.width);

/** Lines between the breadcrumb and the status bar. */
export const bodyHeight = (size: Size): number => frameHeight(size) - 2;

/** Grid rows: the body minus the header and the cell-value line. */
export const gridRows = (size: Size): number => bodyHeight(size) - 2;
