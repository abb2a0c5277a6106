/** ZIP files for tests of the OFD detection (an OFD is a ZIP whose root holds OFD.xml). */
const text = (value: string): Uint8Array => new TextEncoder().encode(value);

/** A stored (uncompressed) ZIP with these entries, each holding its own name. */
export function storedZip(names: readonly string[]): Uint8Array<ArrayBuffer> {
  const locals: number[] = [];
  const central: number[] = [];
  const u16 = (value: number) => [value & 0xff, value >> 8];
  const u32 = (value: number) => [
    value & 0xff,
    (value >> 8) & 0xff,
    (value >> 16) & 0xff,
    value >>> 24,
  ];
  for (const name of names) {
    const nameBytes = [...text(name)];
    const offset = locals.length;
    const data = nameBytes;
    locals.push(...u32(0x04034b50), ...u16(20), ...u16(0), ...u16(0), ...u16(0), ...u16(0));
    locals.push(
      ...u32(0),
      ...u32(data.length),
      ...u32(data.length),
      ...u16(nameBytes.length),
      ...u16(0),
    );
    locals.push(...nameBytes, ...data);
    central.push(
      ...u32(0x02014b50),
      ...u16(20),
      ...u16(20),
      ...u16(0),
      ...u16(0),
      ...u16(0),
      ...u16(0),
    );
    central.push(...u32(0), ...u32(data.length), ...u32(data.length), ...u16(nameBytes.length));
    central.push(
      ...u16(0),
      ...u16(0),
      ...u16(0),
      ...u16(0),
      ...u32(0),
      ...u32(offset),
      ...nameBytes,
    );
  }
  const end = [
    ...u32(0x06054b50),
    ...u16(0),
    ...u16(0),
    ...u16(names.length),
    ...u16(names.length),
    ...u32(central.length),
    ...u32(locals.length),
    ...u16(0),
  ];
  return new Uint8Array([...locals, ...central, ...end]);
}
