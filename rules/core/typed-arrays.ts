/** The names of JavaScript's typed-array types (lib.es*.d.ts), shared by analyses that treat them alike. */
export const TYPED_ARRAY_TYPE_NAMES: readonly string[] = [
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float16Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];
