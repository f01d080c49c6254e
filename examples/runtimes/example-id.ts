/** Ids of the example runtimes: no flag bits, then the name's ASCII padded with zeros (RT-3). */
export function exampleRuntimeId(name: string): string {
  const tail = Buffer.from(`tandem/example/${name}`, 'ascii').toString('hex').padEnd(48, '0');
  if (tail.length !== 48) throw new RangeError(`example name ${name} is too long`);
  return `${'00'.repeat(8)}${tail}`;
}
