/**
 * Results that hold for a whole program (or its checker) and one option set: computed once, shared by
 * every file the program lints, and dropped with the program.
 */
export function cachedPerProgram<Owner extends object, Key, Value>(
  store: WeakMap<Owner, Map<Key, Value>>,
  owner: Owner,
  key: Key,
  compute: () => Value,
): Value {
  let byKey = store.get(owner);
  if (byKey === undefined) store.set(owner, (byKey = new Map()));
  let value = byKey.get(key);
  if (value === undefined) byKey.set(key, (value = compute()));
  return value;
}
