/** Internal to the runtime: not exported from `kefu/runtime`. */

/**
 * Copy the own properties of `source` onto `target` (except `omit`) as they are — a getter stays a
 * getter: a step's `envelope` and `text`, a kefu store's record's `envelope`, are parsed or made only
 * when the host reads them (spreading would make them). What `Object.defineProperties(target,
 * Object.getOwnPropertyDescriptors(source))` does, but a plain data property (all the fields but
 * those getters) is assigned: defining every property by its descriptor left a slow object, at ~8 µs
 * per event.
 */
export function copyOwn(target: object, source: object, omit?: string): void {
  for (const key of Reflect.ownKeys(source)) {
    if (key === omit) continue;
    const d = Object.getOwnPropertyDescriptor(source, key)!;
    if (d.writable && d.enumerable && d.configurable && key !== '__proto__' && !Object.prototype.hasOwnProperty.call(target, key)) {
      (target as Record<PropertyKey, unknown>)[key] = d.value;
    } else Object.defineProperty(target, key, d);
  }
}
