/**
 * In a row that scrolls sideways (the header's sections, the docs menu on a
 * phone), centres `item` when it is out of view; leaves the row alone when
 * the item shows.
 */
export function scrollIntoRow(row: HTMLElement, item: HTMLElement): void {
  const box = item.getBoundingClientRect();
  const bar = row.getBoundingClientRect();
  if (box.left < bar.left || box.right > bar.right) row.scrollLeft += box.left - bar.left - (bar.width - box.width) / 2;
}
