/** Every item of an SDK list, through all of its pages. */
export async function allPages<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of pages) items.push(item);
  return items;
}
