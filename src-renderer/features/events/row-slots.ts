/**
 * Keys for the rows of a virtualised list, so that a row scrolling into view takes over the DOM
 * of one that left instead of React building a new one: an index that stays in view keeps its
 * slot, and a new index takes a slot freed in the same update (or a new one). Keying by
 * `index % n` does not do this unless n is exactly the number of rows rendered, which changes
 * by one with the scroll position.
 */
export class RowSlots {
  private readonly byIndex = new Map<number, number>();
  private allocated = 0;

  /** The slot of each of `indices`, in their order. Same indices, same answer (pure for React). */
  assign(indices: readonly number[]): number[] {
    const wanted = new Set(indices);
    const free: number[] = [];
    for (const [index, slot] of this.byIndex) {
      if (wanted.has(index)) continue;
      free.push(slot);
      this.byIndex.delete(index);
    }
    // Lowest first, so the slots in use stay few and the answer does not depend on map order.
    free.sort((a, b) => b - a);
    return indices.map((index) => {
      let slot = this.byIndex.get(index);
      if (slot === undefined) {
        slot = free.pop() ?? this.allocated++;
        this.byIndex.set(index, slot);
      }
      return slot;
    });
  }
}
